import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.ts';
import { loadMnist } from '../../src/data/mnist.ts';
import { splitDataset } from '../../src/data/split.ts';

/** Two independent 32-bit FNV-1a hashes of a sample's float bits: a 64-bit content key. */
function sampleKeys(dataset: Dataset): string[] {
  const bits = new Uint32Array(
    dataset.inputs.buffer,
    dataset.inputs.byteOffset,
    dataset.inputs.length,
  );
  const size = bits.length / dataset.count;
  const keys: string[] = [];
  for (let s = 0; s < dataset.count; s++) {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = s * size; i < (s + 1) * size; i++) {
      a = Math.imul(a ^ bits[i], 0x01000193) >>> 0;
      b = Math.imul(b ^ bits[i], 0x5bd1e995) >>> 0;
      b ^= b >>> 15;
    }
    keys.push(`${a}:${b}:${dataset.labels[s]}`);
  }
  return keys;
}

/** Bit-for-bit equality; toEqual walks 784,000 floats one by one and takes seconds. */
function isSame(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function labelCounts(dataset: Dataset): number[] {
  const counts = new Array<number>(10).fill(0);
  dataset.labels.forEach((label) => counts[label]++);
  return counts;
}

let mnist: Dataset;
beforeAll(() => {
  mnist = loadMnist();
});

describe('loadMnist', () => {
  it('holds the 10,000 digits of the mnist package as 784 values in [0, 1]', () => {
    expect([mnist.name, mnist.count, mnist.classes]).toEqual(['mnist', 10_000, 10]);
    expect(mnist.sampleShape).toEqual([784]);
    expect(mnist.inputs.length).toBe(10_000 * 784);
    expect(Math.min(...mnist.inputs.subarray(0, 784 * 50))).toBe(0);
    expect(mnist.inputs.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('counts each digit as the package does, summing to 10,000', () => {
    const digits = createRequire(import.meta.url)('mnist') as { length: number }[];
    const counts = labelCounts(mnist);
    expect(counts).toEqual(digits.map((d) => d.length));
    expect(counts.every((n) => n > 800)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
  });
});

describe('splitDataset on mnist', () => {
  it('splits the same way for the same seed and differently for another', () => {
    const first = splitDataset(mnist, 1000, 1);
    const again = splitDataset(mnist, 1000, 1);
    const other = splitDataset(mnist, 1000, 2);
    expect(isSame(again.test.inputs, first.test.inputs)).toBe(true);
    expect(isSame(again.train.inputs, first.train.inputs)).toBe(true);
    expect(isSame(again.train.labels, first.train.labels)).toBe(true);
    expect(isSame(other.test.inputs, first.test.inputs)).toBe(false);
    expect(isSame(other.test.labels, first.test.labels)).toBe(false);
  });

  it('puts every digit in exactly one of train and test', () => {
    const keys = sampleKeys(mnist);
    // Content keys identify samples only if no two digits are identical; check that first.
    expect(new Set(keys).size).toBe(10_000);
    const { train, test } = splitDataset(mnist, 1000, 1);
    expect([train.count, test.count]).toEqual([9000, 1000]);
    const testKeys = new Set(sampleKeys(test));
    expect(testKeys.size).toBe(1000);
    expect(sampleKeys(train).filter((k) => testKeys.has(k))).toEqual([]);
    expect([...sampleKeys(train), ...testKeys].sort()).toEqual([...keys].sort());
  });

  it('keeps the label counts of the whole: train plus test per digit', () => {
    const { train, test } = splitDataset(mnist, 1000, 1);
    const sums = labelCounts(train).map((n, d) => n + labelCounts(test)[d]);
    expect(sums).toEqual(labelCounts(mnist));
    // A shuffled split holds every digit in the test set, about 100 of each.
    expect(labelCounts(test).every((n) => n > 60 && n < 140)).toBe(true);
  });
});
