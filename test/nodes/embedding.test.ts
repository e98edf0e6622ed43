import { describe, expect, it } from 'vitest';
import { embeddingDefinition } from '../../src/nodes/embedding.ts';
import { tensor } from '../../src/tensor/tensor.ts';
import { createKernel } from '../helpers/create-kernel.ts';
import { checkKernelGradients } from '../helpers/gradient-check.ts';

const table = (vocabSize: number, units: number, seqLen: number) =>
  createKernel(embeddingDefinition, { vocabSize, units }, [[seqLen]]);

describe('embedding', () => {
  it('looks up one table row per token', () => {
    const kernel = table(3, 2, 4);
    kernel.params[0].value.data.set([0, 1, 10, 11, 20, 21]);
    const y = kernel.forward([tensor([2, 4], [2, 0, 1, 2, 1, 1, 0, 0])], 'eval');
    expect(y.shape).toEqual([2, 4, 2]);
    expect(Array.from(y.data)).toEqual([20, 21, 0, 1, 10, 11, 20, 21, 10, 11, 10, 11, 0, 1, 0, 1]);
  });

  it('sums the gradients of repeated ids into their row and returns no input gradient', () => {
    const kernel = table(3, 2, 3);
    kernel.forward([tensor([1, 3], [1, 1, 0])], 'train');
    const [dx] = kernel.backward(tensor([1, 3, 2], [1, 2, 3, 4, 5, 6]), [true]);
    expect(dx).toBeUndefined();
    expect(Array.from(kernel.params[0].grad.data)).toEqual([5, 6, 4, 6, 0, 0]);
  });

  it('passes a finite-difference check for the table', () => {
    const kernel = table(5, 3, 4);
    const ids = tensor([2, 4], [0, 1, 1, 4, 3, 3, 3, 0]);
    const result = checkKernelGradients(kernel, [ids], { checkInputs: [false] });
    expect(result.maxError, result.where).toBeLessThan(1e-3);
  });

  it('starts the table at N(0, 1) as PyTorch does', () => {
    const w = createKernel(embeddingDefinition, { vocabSize: 100, units: 50 }, [[2]]).params[0]
      .value.data;
    let mean = 0;
    let square = 0;
    for (const v of w) {
      mean += v / w.length;
      square += (v * v) / w.length;
    }
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.sqrt(square - mean * mean)).toBeGreaterThan(0.95);
    expect(Math.sqrt(square - mean * mean)).toBeLessThan(1.05);
  });

  it.each([
    { value: 2.5, position: 1, what: 'a fraction' },
    { value: 7, position: 2, what: 'an id past the vocabulary' },
    { value: -1, position: 0, what: 'a negative id' },
    { value: NaN, position: 2, what: 'NaN' },
  ])('throws a RangeError naming the node, row and position for $what', ({ value, position }) => {
    const kernel = table(7, 2, 3);
    const ids = tensor([2, 3], [0, 1, 2, 3, 4, 5]);
    ids.data[3 + position] = value;
    expect(() => kernel.forward([ids], 'train')).toThrow(RangeError);
    expect(() => kernel.forward([ids], 'train')).toThrow(
      `node 'node': expected token ids that are integers in [0, 6], got ${value} at batch row 1, position ${position}`,
    );
  });

  it('rejects input that is not a sequence of ids', () => {
    expect(() => createKernel(embeddingDefinition, { vocabSize: 4, units: 2 }, [[3, 2]])).toThrow(
      /node 'node'.*\[seqLen\].*got \[3, 2\]/,
    );
  });
});
