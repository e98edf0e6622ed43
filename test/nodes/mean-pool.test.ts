import { describe, expect, it } from 'vitest';
import { meanPoolDefinition } from '../../src/nodes/mean-pool.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';
import { createKernel } from '../helpers/create-kernel.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';

describe('meanPool', () => {
  it('averages each sample over its sequence axis', () => {
    const kernel = createKernel(meanPoolDefinition, {}, [[3, 2]]);
    expect(kernel.outputShape).toEqual([2]);
    const y = kernel.forward([tensor([2, 3, 2], [1, 2, 3, 4, 5, 9, -3, 0, 0, 0, 0, 3])], 'eval');
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.data)).toEqual([3, 5, -1, 1]);
  });

  it('spreads the gradient evenly over the sequence', () => {
    const kernel = createKernel(meanPoolDefinition, {}, [[4, 1]]);
    kernel.forward([randomTensor([1, 4, 1], 2)], 'train');
    const [dx] = kernel.backward(tensor([1, 1], [2]), [true]);
    expect(Array.from((dx as Tensor).data)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('passes a finite-difference check on a rank-3 sample', () => {
    const kernel = createKernel(meanPoolDefinition, {}, [[5, 2, 3]]);
    expect(kernel.outputShape).toEqual([2, 3]);
    const result = checkKernelGradients(kernel, [randomTensor([2, 5, 2, 3], 4)]);
    expect(result.maxError, result.where).toBeLessThan(1e-4);
  });

  it('rejects a sample without a sequence axis', () => {
    expect(() => createKernel(meanPoolDefinition, {}, [[8]])).toThrow(
      /node 'node'.*\[seqLen, features\].*got \[8\]/,
    );
  });
});
