import { describe, expect, it } from 'vitest';
import { validateGraph } from '../../src/graph/validate.ts';
import { addDefinition } from '../../src/nodes/add.ts';
import { ShapeError } from '../../src/nodes/errors.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';
import { createKernel } from '../helpers/create-kernel.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';

describe('add', () => {
  it('sums its inputs elementwise', () => {
    const kernel = createKernel(addDefinition, {}, [[2], [2], [2]]);
    const y = kernel.forward(
      [tensor([1, 2], [1, 2]), tensor([1, 2], [10, 20]), tensor([1, 2], [-3, 0.5])],
      'train',
    );
    expect(Array.from(y.data)).toEqual([8, 22.5]);
    expect(kernel.outputShape).toEqual([2]);
  });

  it('hands the upstream gradient to every input', () => {
    const kernel = createKernel(addDefinition, {}, [[3], [3]]);
    kernel.forward([randomTensor([2, 3], 1), randomTensor([2, 3], 2)], 'train');
    const dy = randomTensor([2, 3], 3);
    const [dx0, dx1] = kernel.backward(dy, [true, true]) as Tensor[];
    expect(Array.from(dx0.data)).toEqual(Array.from(dy.data));
    expect(Array.from(dx1.data)).toEqual(Array.from(dy.data));
    expect(kernel.backward(dy, [false, true])[0]).toBeUndefined();
  });

  it.each([
    ['two inputs', [[4], [4]]],
    [
      'three rank-2 inputs',
      [
        [2, 3],
        [2, 3],
        [2, 3],
      ],
    ],
  ])('matches finite differences (%s)', (_label, shapes) => {
    const kernel = createKernel(addDefinition, {}, shapes);
    const inputs = shapes.map((s, i) => randomTensor([3, ...s], 10 + i));
    const result = checkKernelGradients(kernel, inputs);
    expect(result.maxError, result.where).toBeLessThan(1e-3);
  });

  it('names both input nodes and both shapes when the shapes differ', () => {
    const build = (): unknown => createKernel(addDefinition, {}, [[4], [4], [5]]);
    expect(build).toThrow(ShapeError);
    expect(build).toThrow(
      /node 'node': expected inputs of one shape, got \[4\] from 'in-0' and \[5\] from 'in-2'/,
    );
  });

  it('needs at least two inputs in a spec', () => {
    const spec = {
      input: { shape: [3] },
      nodes: [
        { id: 'dense-1', op: 'dense', params: { units: 3 } },
        { id: 'sum', op: 'add' },
      ],
      loss: { op: 'softmaxCrossEntropy' },
    };
    expect(() => validateGraph(spec)).toThrow(
      /node 'sum', field 'inputs': expected at least 2 input\(s\), got 1/,
    );
  });
});
