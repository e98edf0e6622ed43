import { describe, expect, it } from 'vitest';
import { batchNormDefinition } from '../../src/nodes/batch-norm.ts';
import { ShapeError } from '../../src/nodes/errors.ts';
import type { NodeKernel } from '../../src/nodes/node.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';
import fixture from '../fixtures/normalization.json' with { type: 'json' };
import { createKernel } from '../helpers/create-kernel.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';
import { randomizeAffine } from '../helpers/randomize-affine.ts';

const sampleShape = (shape: readonly number[]): number[] => shape.slice(1);

describe('batchNorm', () => {
  it.each(fixture.batchNorm)('matches PyTorch in train and eval mode for $name', (c) => {
    const kernel = createKernel(batchNormDefinition, { momentum: c.momentum, eps: c.eps }, [
      sampleShape(c.shape),
    ]);
    const [gamma, beta] = kernel.params;
    gamma.value.data.set(c.gamma);
    beta.value.data.set(c.beta);
    const x = tensor(c.shape, c.x);
    const dy = tensor(c.shape, c.dy);

    expectClose(kernel.forward([x], 'train').data, c.train.y);
    expectClose((kernel.backward(dy, [true])[0] as Tensor).data, c.train.dx);
    expectClose(gamma.grad.data, c.train.dgamma);
    expectClose(beta.grad.data, c.train.dbeta);
    expectClose(kernel.state?.runningMean.data as Float32Array, c.runningMean);
    expectClose(kernel.state?.runningVar.data as Float32Array, c.runningVar);

    gamma.grad.data.fill(0);
    beta.grad.data.fill(0);
    expectClose(kernel.forward([x], 'eval').data, c.eval.y);
    expectClose((kernel.backward(dy, [true])[0] as Tensor).data, c.eval.dx);
    expectClose(gamma.grad.data, c.eval.dgamma);
    expectClose(beta.grad.data, c.eval.dbeta);
  });

  it('updates the running mean and the unbiased running variance with momentum', () => {
    const kernel = createKernel(batchNormDefinition, {}, [[1]]);
    kernel.forward([tensor([2, 1], [1, 3])], 'train');
    // Mean 2, biased variance 1, unbiased 2: 0.9·0 + 0.1·2 and 0.9·1 + 0.1·2.
    expect(kernel.state?.runningMean.data[0]).toBeCloseTo(0.2, 6);
    expect(kernel.state?.runningVar.data[0]).toBeCloseTo(1.1, 6);
  });

  it('leaves the running statistics alone in eval mode', () => {
    const kernel = createKernel(batchNormDefinition, {}, [[3]]);
    kernel.forward([randomTensor([5, 3], 1)], 'eval');
    expect(Array.from(kernel.state?.runningMean.data ?? [])).toEqual([0, 0, 0]);
    expect(Array.from(kernel.state?.runningVar.data ?? [])).toEqual([1, 1, 1]);
  });

  it.each([
    ['features', [8, 5]],
    ['minimum batch of 2', [2, 4]],
    ['sequence', [3, 4, 2]],
    ['sequence with a batch of 1', [1, 3, 2]],
    ['large offset', [6, 3]],
  ])('matches finite differences in train mode (%s)', (label, shape) => {
    const kernel = createKernel(batchNormDefinition, {}, [shape.slice(1)]);
    randomizeAffine(kernel, 11);
    const x =
      label === 'large offset' ? randomTensor(shape, 3, 99, 101) : randomTensor(shape, 3, -2, 2);
    const result = checkKernelGradients(kernel, [x], { h: 1e-2 });
    expect(result.maxError, result.where).toBeLessThan(2e-3);
  });

  it.each([
    ['features', [8, 5]],
    ['a batch of 1', [1, 4]],
    ['sequence', [3, 4, 2]],
  ])('matches finite differences in eval mode (%s)', (_label, shape) => {
    const kernel = createKernel(batchNormDefinition, { momentum: 0.5 }, [shape.slice(1)]);
    randomizeAffine(kernel, 5);
    // Move the running statistics away from 0 and 1 first.
    for (let seed = 20; seed < 23; seed++)
      kernel.forward([randomTensor([6, ...shape.slice(1)], seed, -3, 1)], 'train');
    const result = checkKernelGradients(kernel, [randomTensor(shape, 4, -2, 2)], {
      h: 1e-2,
      mode: 'eval',
    });
    expect(result.maxError, result.where).toBeLessThan(1e-3);
  });

  it.each(['train', 'eval'] as const)(
    'matches finite differences without γ and β in %s mode',
    (mode) => {
      const kernel = createKernel(batchNormDefinition, { affine: false }, [[4]]);
      expect(kernel.params).toEqual([]);
      kernel.forward([randomTensor([5, 4], 30, 0, 2)], 'train');
      const result = checkKernelGradients(kernel, [randomTensor([5, 4], 31, -2, 2)], {
        h: 1e-2,
        mode,
      });
      expect(result.maxError, result.where).toBeLessThan(2e-3);
    },
  );

  it('names its parameters <id>/gamma and <id>/beta, starting at ones and zeros', () => {
    const kernel = createKernel(batchNormDefinition, {}, [[3]]);
    expect(kernel.params.map((p) => p.id)).toEqual(['node/gamma', 'node/beta']);
    expect(Array.from(kernel.params[0].value.data)).toEqual([1, 1, 1]);
    expect(Array.from(kernel.params[1].value.data)).toEqual([0, 0, 0]);
    expect(kernel.outputShape).toEqual([3]);
  });

  it('gives zero mean and unit variance per feature in train mode', () => {
    const kernel = createKernel(batchNormDefinition, { affine: false }, [[2]]);
    const y = kernel.forward([randomTensor([100, 2], 9, 5, 9)], 'train').data;
    for (let c = 0; c < 2; c++) {
      let mean = 0;
      let square = 0;
      for (let r = 0; r < 100; r++) {
        mean += y[r * 2 + c] / 100;
        square += (y[r * 2 + c] * y[r * 2 + c]) / 100;
      }
      expect(mean).toBeCloseTo(0, 5);
      expect(square - mean * mean).toBeCloseTo(1, 3);
    }
  });

  it('maps a constant feature to β with finite gradients', () => {
    const kernel = createKernel(batchNormDefinition, {}, [[2]]);
    kernel.params[1].value.data.set([0.5, -0.25]);
    const x = tensor([3, 2], [7, 1, 7, 2, 7, 3]);
    const y = kernel.forward([x], 'train').data;
    expect([y[0], y[2], y[4]]).toEqual([0.5, 0.5, 0.5]);
    const dx = kernel.backward(tensor([3, 2], [1, 2, 3, 4, 5, 6]), [true])[0] as Tensor;
    expect(dx.data.every(Number.isFinite)).toBe(true);
    // Σ dx over the batch is zero: shifting a whole feature changes nothing after normalization.
    expect(dx.data[0] + dx.data[2] + dx.data[4]).toBeCloseTo(0, 4);
  });

  it('refuses a training batch of one sample with one value per feature', () => {
    const kernel = createKernel(batchNormDefinition, {}, [[3]]);
    const run = (): unknown => kernel.forward([tensor([1, 3], [1, 2, 3])], 'train');
    expect(run).toThrow(ShapeError);
    expect(run).toThrow(
      /node 'node': batch normalization in training needs more than one value per feature, got input \[1, 3\]/,
    );
    expect(kernel.forward([tensor([1, 3], [1, 2, 3])], 'eval').data.every(Number.isFinite)).toBe(
      true,
    );
  });

  it('skips the input gradient when nothing upstream learns', () => {
    const kernel = createKernel(batchNormDefinition, {}, [[3]]);
    kernel.forward([randomTensor([4, 3], 1)], 'train');
    expect(kernel.backward(randomTensor([4, 3], 2), [false])).toEqual([undefined]);
    expect(kernel.params[1].grad.data.some((v) => v !== 0)).toBe(true);
  });
});
