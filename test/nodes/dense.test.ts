import { describe, expect, it } from 'vitest';
import { denseDefinition } from '../../src/nodes/dense.ts';
import { ShapeError } from '../../src/nodes/errors.ts';
import type { ParamValues } from '../../src/nodes/node.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor } from '../../src/tensor/tensor.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';

const build = (params: ParamValues, inputShape: number[]) =>
  denseDefinition.create(
    { init: 'glorot-uniform', useBias: true, ...params },
    { id: 'dense-1', inputShapes: [inputShape], inputIds: ['input'], random: createRandom(1) },
  );

describe('dense', () => {
  it('computes x·Wᵀ + b worked out by hand', () => {
    const kernel = build({ units: 2 }, [3]);
    const [w, b] = kernel.params;
    w.value.data.set([1, 2, 3, -1, 0, 1]);
    b.value.data.set([0.5, -0.5]);
    const y = kernel.forward([tensor([2, 3], [1, 1, 1, 2, 0, -1])], 'train');
    // Row 1: [1+2+3+0.5, -1+0+1-0.5]; row 2: [2+0-3+0.5, -2+0-1-0.5].
    expect(Array.from(y.data)).toEqual([6.5, -0.5, -0.5, -3.5]);
    expect(y.shape).toEqual([2, 2]);
  });

  it.each([
    [[5], 4, [3, 5]],
    [[7], 1, [1, 7]],
    [[4, 6], 3, [2, 4, 6]],
  ])('passes a finite-difference check for input %j, %i units', (inShape, units, batchShape) => {
    const kernel = build({ units }, inShape);
    const result = checkKernelGradients(kernel, [randomTensor(batchShape, 11)]);
    expect(result.maxError, result.where).toBeLessThan(2e-3);
  });

  it('adds its parameter gradients into grad rather than overwriting them', () => {
    const kernel = build({ units: 2 }, [3]);
    const x = randomTensor([4, 3], 5);
    const dy = randomTensor([4, 2], 6);
    kernel.forward([x], 'train');
    kernel.backward(dy, [false]);
    const once = kernel.params.map((p) => Array.from(p.grad.data));
    kernel.backward(dy, [false]);
    kernel.params.forEach((p, k) =>
      p.grad.data.forEach((g, i) => expect(g, p.id).toBeCloseTo(2 * once[k][i], 6)),
    );
    expect(once[1].some((g) => g !== 0)).toBe(true);
  });

  it('draws He-normal weights with standard deviation √(2/fanIn)', () => {
    const kernel = build({ units: 400, init: 'he-normal' }, [500]);
    const w = kernel.params[0].value.data;
    let sumSquares = 0;
    for (const v of w) sumSquares += v * v;
    expect(Math.sqrt(sumSquares / w.length)).toBeCloseTo(Math.sqrt(2 / 500), 3);
  });

  it('refuses a layer too large to allocate, naming the node', () => {
    expect(() => build({ units: 1e9 }, [784])).toThrow(
      /node 'dense-1': parameter 'weight' of shape \[1000000000, 784\] would hold/,
    );
  });

  it('omits the bias when useBias is false', () => {
    expect(build({ units: 3, useBias: false }, [2]).params.map((p) => p.id)).toEqual([
      'dense-1/weight',
    ]);
  });

  it('rejects a scalar input with a ShapeError naming the node and its source', () => {
    expect(() => build({ units: 3 }, [])).toThrow(ShapeError);
    expect(() => build({ units: 3 }, [])).toThrow(/node 'dense-1'.*'input'/);
  });
});
