import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastAxisMaths } from '../../src/nodes/activations/index.ts';
import { evaluateLastAxis } from '../../src/nodes/activations/last-axis.ts';
import { logSoftmaxDefinition } from '../../src/nodes/activations/log-softmax.ts';
import { softmaxDefinition } from '../../src/nodes/activations/softmax.ts';
import type { NodeDefinition, NodeKernel } from '../../src/nodes/node.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor, type Shape } from '../../src/tensor/tensor.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';

interface FixtureCase {
  op: 'softmax' | 'logSoftmax';
  x: number[];
  y: number[];
  jacobian: number[][];
  dy: number[];
  dx: number[];
}

/** Values, Jacobians and vector-Jacobian products from Python's math module (scripts/fixtures/softmax.py). */
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/softmax.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };

function build(definition: NodeDefinition, sampleShape: Shape): NodeKernel {
  return definition.create(
    {},
    {
      id: `${definition.op}-1`,
      inputShapes: [sampleShape],
      inputIds: ['dense-1'],
      random: createRandom(1),
    },
  );
}

describe.each([
  ['softmax', softmaxDefinition],
  ['logSoftmax', logSoftmaxDefinition],
] as const)('%s', (op, definition) => {
  it('keeps its input’s shape for any rank', () => {
    expect(build(definition, [7]).outputShape).toEqual([7]);
    expect(build(definition, [3, 4, 5]).outputShape).toEqual([3, 4, 5]);
  });

  it.each([[[2, 6]], [[2, 3, 5]], [[1, 2, 2, 4]]])(
    'passes a finite-difference check on a batch shaped %o',
    (shape) => {
      const kernel = build(definition, shape.slice(1));
      const result = checkKernelGradients(kernel, [randomTensor(shape, 4, -3, 3)], { h: 1e-2 });
      expect(result.maxError, result.where).toBeLessThan(2e-3);
    },
  );

  it('normalizes over the last axis only', () => {
    const x = randomTensor([2, 3, 4], 8, -5, 5);
    const y = build(definition, [3, 4]).forward([x], 'train').data;
    for (let row = 0; row < 6; row++) {
      let total = 0;
      for (let c = 0; c < 4; c++)
        total += op === 'softmax' ? y[row * 4 + c] : Math.exp(y[row * 4 + c]);
      expect(total).toBeCloseTo(1, 6);
    }
  });

  it('gives exact values on a small row', () => {
    // softmax([0, ln 3]) = [1/4, 3/4].
    const y = build(definition, [2]).forward([tensor([1, 2], [0, Math.log(3)])], 'train').data;
    const expected = op === 'softmax' ? [0.25, 0.75] : [Math.log(0.25), Math.log(0.75)];
    expect(y[0]).toBeCloseTo(expected[0], 6);
    expect(y[1]).toBeCloseTo(expected[1], 6);
  });

  it('stays finite and exact for logits of ±1000', () => {
    const kernel = build(definition, [3]);
    const y = kernel.forward([tensor([1, 3], [1000, 0, -1000])], 'train').data;
    const expected = op === 'softmax' ? [1, 0, 0] : [0, -1000, -2000];
    expected.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 6));
    const dx = kernel.backward(tensor([1, 3], [1, -2, 0.5]), [true])[0]!.data;
    for (const v of dx) expect(Number.isFinite(v)).toBe(true);
  });

  const cases = fixture.cases.filter((c) => c.op === op);

  it('has reference cases', () => {
    expect(cases.length).toBeGreaterThan(5);
  });

  it.each(cases.map((c) => [JSON.stringify(c.x), c] as const))(
    'matches the reference values and Jacobian in double precision at %s',
    (_label, c) => {
      const { y, jacobian } = evaluateLastAxis(lastAxisMaths[op], c.x);
      const near = (a: number, b: number): boolean =>
        Math.abs(a - b) <= 1e-15 + 1e-12 * Math.abs(b);
      c.y.forEach((v, i) => expect(near(y[i], v), `y[${i}] = ${y[i]}, want ${v}`).toBe(true));
      c.jacobian.forEach((row, i) =>
        row.forEach((v, j) =>
          expect(near(jacobian[i][j], v), `J[${i}][${j}] = ${jacobian[i][j]}, want ${v}`).toBe(
            true,
          ),
        ),
      );
    },
  );

  it.each(cases.map((c) => [JSON.stringify(c.x), c] as const))(
    'matches the reference values and vector-Jacobian product in float32 through the node at %s',
    (_label, c) => {
      const n = c.x.length;
      const kernel = build(definition, [n]);
      const y = kernel.forward([tensor([1, n], c.x)], 'train').data;
      const dx = kernel.backward(tensor([1, n], c.dy), [true])[0]!.data;
      // float32 keeps 24 bits: relative 2e-7 on values, absolute 1e-6 on gradients of size ≤ 3.
      c.y.forEach((v, i) =>
        expect(Math.abs(y[i] - v), `y[${i}]`).toBeLessThanOrEqual(2e-7 * Math.max(1, Math.abs(v))),
      );
      c.dx.forEach((v, i) => expect(Math.abs(dx[i] - v), `dx[${i}]`).toBeLessThanOrEqual(1e-6));
    },
  );

  it('rejects a scalar per sample', () => {
    expect(() => build(definition, [])).toThrow(
      `[gradstream] node '${op}-1': expected input with a feature axis from 'dense-1', got a scalar per sample`,
    );
  });
});
