import { describe, expect, it } from 'vitest';
import { dropoutDefinition } from '../../src/nodes/dropout.ts';
import { full, type Tensor } from '../../src/tensor/tensor.ts';
import { createKernel } from '../helpers/create-kernel.ts';
import { randomTensor } from '../helpers/gradient-check.ts';

const masksOf = (seed: number, steps: number): number[][] => {
  const kernel = createKernel(dropoutDefinition, { rate: 0.3 }, [[20]], seed);
  const ones = full([4, 20], 1);
  return Array.from({ length: steps }, () => Array.from(kernel.forward([ones], 'train').data));
};

describe('dropout', () => {
  it('draws the same masks from the same seed and different ones from another', () => {
    expect(masksOf(5, 3)).toEqual(masksOf(5, 3));
    expect(masksOf(5, 3)).not.toEqual(masksOf(6, 3));
    const [first, second] = masksOf(5, 2);
    expect(first).not.toEqual(second);
  });

  it.each([0.1, 0.5, 0.9])(
    'keeps a fraction 1 − %s of the units, scaled by 1/(1 − rate)',
    (rate) => {
      const kernel = createKernel(dropoutDefinition, { rate }, [[1000]], 3);
      const x = randomTensor([100, 1000], 1, 0.5, 1.5);
      const y = kernel.forward([x], 'train').data;
      let kept = 0;
      let worst = 0;
      for (let i = 0; i < y.length; i++) {
        if (y[i] === 0) continue;
        kept += 1;
        worst = Math.max(worst, Math.abs(y[i] - x.data[i] / (1 - rate)) / Math.abs(y[i]));
      }
      expect(worst).toBeLessThan(1e-6);
      // 100,000 Bernoulli draws: the standard deviation of the kept fraction is below 0.0016.
      expect(Math.abs(kept / y.length - (1 - rate))).toBeLessThan(0.0065);
    },
  );

  it('keeps the mean of its input in expectation', () => {
    const kernel = createKernel(dropoutDefinition, { rate: 0.5 }, [[1000]], 8);
    const y = kernel.forward([full([50, 1000], 2)], 'train').data;
    expect(y.reduce((s, v) => s + v, 0) / y.length).toBeCloseTo(2, 1);
  });

  it('multiplies the gradient by the mask of the forward pass', () => {
    const kernel = createKernel(dropoutDefinition, { rate: 0.4 }, [[30]], 2);
    const mask = Array.from(kernel.forward([full([3, 30], 1)], 'train').data);
    const dy = randomTensor([3, 30], 4);
    const dx = kernel.backward(dy, [true])[0] as Tensor;
    for (let i = 0; i < mask.length; i++) expect(dx.data[i]).toBeCloseTo(dy.data[i] * mask[i], 6);
    expect(mask.some((m) => m === 0)).toBe(true);
  });

  it('is the identity in eval mode, forward and backward', () => {
    const kernel = createKernel(dropoutDefinition, { rate: 0.9 }, [[8]]);
    const x = randomTensor([4, 8], 1);
    expect(Array.from(kernel.forward([x], 'eval').data)).toEqual(Array.from(x.data));
    const dy = randomTensor([4, 8], 2);
    expect(Array.from((kernel.backward(dy, [true])[0] as Tensor).data)).toEqual(
      Array.from(dy.data),
    );
  });

  it('passes everything at rate 0 and nothing at rate 1', () => {
    const x = randomTensor([2, 6], 1);
    const none = createKernel(dropoutDefinition, { rate: 0 }, [[6]]);
    expect(Array.from(none.forward([x], 'train').data)).toEqual(Array.from(x.data));
    const all = createKernel(dropoutDefinition, { rate: 1 }, [[6]]);
    expect(Array.from(all.forward([x], 'train').data).every((v) => v === 0)).toBe(true);
  });

  it('rejects a rate outside [0, 1]', () => {
    expect(() => createKernel(dropoutDefinition, { rate: 1.5 }, [[6]])).toThrow(/params\.rate/);
  });
});
