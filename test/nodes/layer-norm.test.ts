import { describe, expect, it } from 'vitest';
import { layerNormDefinition } from '../../src/nodes/layer-norm.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';
import fixture from '../fixtures/normalization.json' with { type: 'json' };
import { createKernel } from '../helpers/create-kernel.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';
import { randomizeAffine } from '../helpers/randomize-affine.ts';

describe('layerNorm', () => {
  it.each(fixture.layerNorm)('matches PyTorch for $name', (c) => {
    const kernel = createKernel(layerNormDefinition, { eps: c.eps }, [c.shape.slice(1)]);
    const [gamma, beta] = kernel.params;
    gamma.value.data.set(c.gamma);
    beta.value.data.set(c.beta);
    expectClose(kernel.forward([tensor(c.shape, c.x)], 'train').data, c.y);
    expectClose((kernel.backward(tensor(c.shape, c.dy), [true])[0] as Tensor).data, c.dx);
    expectClose(gamma.grad.data, c.dgamma);
    expectClose(beta.grad.data, c.dbeta);
  });

  it('computes the same output in train and eval mode', () => {
    const kernel = createKernel(layerNormDefinition, {}, [[5]]);
    const x = randomTensor([3, 5], 2);
    const train = kernel.forward([x], 'train').data.slice();
    expect(Array.from(kernel.forward([x], 'eval').data)).toEqual(Array.from(train));
  });

  // NOTE: with two features the first row's values differ by only 0.045, where x̂ bends sharply
  // (it is close to a sign function), so that case needs a smaller step.
  it.each([
    ['rank 1', [6, 5], 1e-2],
    ['rank 2', [2, 3, 4], 1e-2],
    ['rank 3', [2, 2, 2, 3], 1e-2],
    ['two nearly equal features', [4, 2], 1e-3],
    ['large offset', [3, 6], 1e-2],
  ])('matches finite differences (%s)', (label, shape, h) => {
    const kernel = createKernel(layerNormDefinition, {}, [shape.slice(1)]);
    randomizeAffine(kernel, 8);
    const x =
      label === 'large offset' ? randomTensor(shape, 5, 49, 51) : randomTensor(shape, 5, -2, 2);
    const result = checkKernelGradients(kernel, [x], { h });
    expect(result.maxError, result.where).toBeLessThan(2e-3);
  });

  it('matches finite differences without γ and β', () => {
    const kernel = createKernel(layerNormDefinition, { affine: false }, [[3, 4]]);
    expect(kernel.params).toEqual([]);
    const result = checkKernelGradients(kernel, [randomTensor([2, 3, 4], 12, -2, 2)], { h: 1e-2 });
    expect(result.maxError, result.where).toBeLessThan(2e-3);
  });

  it('gives zero mean and unit variance per row', () => {
    const kernel = createKernel(layerNormDefinition, { affine: false }, [[50]]);
    const y = kernel.forward([randomTensor([2, 50], 4, 3, 10)], 'train').data;
    for (let r = 0; r < 2; r++) {
      const row = y.subarray(r * 50, r * 50 + 50);
      const mean = row.reduce((s, v) => s + v, 0) / 50;
      const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / 50;
      expect(mean).toBeCloseTo(0, 5);
      expect(variance).toBeCloseTo(1, 3);
    }
  });

  it('maps a single feature to β and passes no gradient to it', () => {
    const kernel = createKernel(layerNormDefinition, {}, [[1]]);
    kernel.params[1].value.data[0] = 0.75;
    expect(Array.from(kernel.forward([tensor([3, 1], [4, -2, 9])], 'train').data)).toEqual([
      0.75, 0.75, 0.75,
    ]);
    expect(
      Array.from((kernel.backward(tensor([3, 1], [1, 2, 3]), [true])[0] as Tensor).data),
    ).toEqual([0, 0, 0]);
    expect(kernel.params[1].grad.data[0]).toBe(6);
  });

  it('names its parameters <id>/gamma and <id>/beta and keeps its input shape', () => {
    const kernel = createKernel(layerNormDefinition, {}, [[7, 3]]);
    expect(kernel.params.map((p) => p.id)).toEqual(['node/gamma', 'node/beta']);
    expect(kernel.params[0].value.shape).toEqual([3]);
    expect(kernel.outputShape).toEqual([7, 3]);
  });
});
