import { firstValueFrom, map, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { batchCount, batches$ } from '../../src/data/batches.ts';
import type { Dataset } from '../../src/data/dataset.ts';
import { createRandom } from '../../src/tensor/random.ts';

/** `count` one-feature samples whose value and label are their index. */
function counting(count: number): Dataset {
  const values = Float32Array.from({ length: count }, (_, i) => i);
  return {
    name: 'counting',
    sampleShape: [1],
    count,
    classes: count,
    inputs: values,
    labels: values,
  };
}

/** The labels of every batch of one pass, copied (batches$ reuses its buffers). */
function labelsOf(dataset: Dataset, options: Parameters<typeof batches$>[1]): Promise<number[][]> {
  return firstValueFrom(
    batches$(dataset, { yieldEveryMs: 0, ...options }).pipe(
      map((b) => Array.from(b.targets.data)),
      toArray(),
    ),
  );
}

describe('batches$', () => {
  it('emits full batches and a short last one by default', async () => {
    const sizes = (await labelsOf(counting(21), { batchSize: 10 })).map((b) => b.length);
    expect(sizes).toEqual([10, 10, 1]);
  });

  it('folds a last batch below minBatchSize into the batch before it', async () => {
    const batches = await labelsOf(counting(21), { batchSize: 10, minBatchSize: 2 });
    expect(batches.map((b) => b.length)).toEqual([10, 11]);
    expect(batches.flat()).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  it('keeps every sample exactly once when shuffled and folded', async () => {
    const random = createRandom(7);
    const batches = await labelsOf(counting(13), { batchSize: 4, minBatchSize: 2, random });
    expect(batches.map((b) => b.length)).toEqual([4, 4, 5]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 13 }, (_, i) => i));
  });

  it('leaves a last batch at minBatchSize or above as it is', async () => {
    const sizes = (await labelsOf(counting(22), { batchSize: 10, minBatchSize: 2 })).map(
      (b) => b.length,
    );
    expect(sizes).toEqual([10, 10, 2]);
  });

  it('rejects a batchSize below minBatchSize', () => {
    expect(() => batches$(counting(4), { batchSize: 1, minBatchSize: 2 })).toThrow(
      '[gradstream] batches$: batchSize 1 is below minBatchSize 2',
    );
  });
});

describe('batchCount', () => {
  it.each([
    [21, 10, 1, 3],
    [21, 10, 2, 2],
    [22, 10, 2, 3],
    [20, 10, 2, 2],
    [1, 10, 2, 1],
    [0, 10, 1, 0],
  ])('counts %i samples in batches of %i (min %i) as %i', (count, size, min, expected) => {
    expect(batchCount(count, size, min)).toBe(expected);
  });
});
