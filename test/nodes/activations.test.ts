import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elementwiseNode, evaluateActivation } from '../../src/nodes/activations/elementwise.ts';
import { activationMaths } from '../../src/nodes/activations/index.ts';
import type { NodeKernel, ParamValues } from '../../src/nodes/node.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor } from '../../src/tensor/tensor.ts';
import { checkKernelGradients } from '../helpers/gradient-check.ts';

interface FixtureCase {
  op: string;
  params: Record<string, number | string>;
  points: [number, number, number][];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/activations.json', import.meta.url), 'utf8'),
) as {
  cases: FixtureCase[];
};

/** Every op with its defaults filled in, plus non-default parameter sets. */
function withDefaults(op: string, given: Record<string, number | string> = {}): ParamValues {
  const resolved: Record<string, number | string | boolean> = {};
  for (const [name, rule] of Object.entries(activationMaths[op].params))
    resolved[name] = given[name] ?? (rule.default as number | string);
  return resolved;
}

const variants: [string, Record<string, number | string>][] = [
  ...Object.keys(activationMaths).map(
    (op) => [op, {}] as [string, Record<string, number | string>],
  ),
  ['leakyRelu', { alpha: 0.25 }],
  ['elu', { alpha: 0.5 }],
  ['gelu', { approximate: 'tanh' }],
  ['softplus', { beta: 2, threshold: 10 }],
  ['hardTanh', { minVal: -2, maxVal: 0.5 }],
];

/** Where each activation is not differentiable, and which one-sided derivative PyTorch's convention picks. */
function kinks(op: string, p: ParamValues): [number, 'left' | 'right'][] {
  switch (op) {
    case 'relu':
    case 'leakyRelu':
    case 'elu':
    case 'selu':
      return [[0, 'left']];
    case 'softplus':
      // NOTE: not a kink but a tiny jump, where softplus turns linear: βx = threshold keeps the smooth branch.
      return [[(p.threshold as number) / (p.beta as number), 'left']];
    case 'hardTanh':
      return [
        [p.minVal as number, 'left'],
        [p.maxVal as number, 'right'],
      ];
    default:
      return [];
  }
}

function kernelFor(op: string, params: ParamValues, shape: number[]): NodeKernel {
  return elementwiseNode(activationMaths[op]).create(params, {
    id: `${op}-1`,
    inputShapes: [shape.slice(1)],
    inputIds: ['input'],
    random: createRandom(1),
  });
}

describe('activations', () => {
  it('covers every registered activation in the reference table', () => {
    expect(new Set(fixture.cases.map((c) => c.op))).toEqual(new Set(Object.keys(activationMaths)));
  });

  it('gives the sigmoid gradients 0.19661193, 0.10499359, 0.04517666 at 1, 2, 3 for an upstream gradient of ones', () => {
    const kernel = kernelFor('sigmoid', {}, [3]);
    kernel.forward([tensor([3], [1, 2, 3])], 'train');
    const [dx] = kernel.backward(tensor([3], [1, 1, 1]), [true]);
    const expected = [0.19661193, 0.10499359, 0.04517666];
    Array.from(dx!.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 7));
  });

  describe.each(fixture.cases.map((c) => [c.op, JSON.stringify(c.params), c] as const))(
    '%s %s',
    (op, _label, c) => {
      const params = withDefaults(op, c.params);
      const xs = c.points.map((p) => p[0]);

      it('matches the reference table in double precision', () => {
        const { y, dydx } = evaluateActivation(activationMaths[op], xs, params);
        c.points.forEach(([x, fx, dfx], i) => {
          expect(Math.abs(y[i] - fx), `f(${x})`).toBeLessThanOrEqual(1e-15 + 1e-12 * Math.abs(fx));
          expect(Math.abs(dydx[i] - dfx), `f'(${x})`).toBeLessThanOrEqual(
            1e-15 + 1e-12 * Math.abs(dfx),
          );
        });
      });

      it('matches the reference table in float32 through the node kernel', () => {
        const kernel = kernelFor(op, params, [xs.length]);
        const y = kernel.forward([tensor([xs.length], xs)], 'train').data;
        const dx = kernel.backward(tensor([xs.length], new Float32Array(xs.length).fill(1)), [
          true,
        ])[0]!.data;
        c.points.forEach(([x, fx, dfx], i) => {
          // float32 keeps 24 bits; derivatives taken from a rounded y (sigmoid, tanh) lose a few more near saturation.
          expect(Math.abs(y[i] - fx), `f(${x})`).toBeLessThanOrEqual(
            2e-7 * Math.max(1, Math.abs(fx)),
          );
          expect(Math.abs(dx[i] - dfx), `f'(${x})`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, Math.abs(dfx)),
          );
        });
      });
    },
  );

  describe.each(variants.map(([op, p]) => [op, JSON.stringify(p), p] as const))(
    '%s %s',
    (op, _label, given) => {
      const params = withDefaults(op, given);
      const math = activationMaths[op];
      const f = (x: number): number => evaluateActivation(math, [x], params).y[0];
      const df = (x: number): number => evaluateActivation(math, [x], params).dydx[0];

      it('has the derivative of central finite differences at many points', () => {
        // Central differences err by O(h²) where f is smooth and O(h) where only f' is continuous
        // (softsign at 0), against a rounding error of about 1e-16/h.
        const h = 1e-7;
        const marks = kinks(op, params).map(([k]) => k);
        const points: number[] = [];
        for (let x = -8; x <= 8; x += 0.0625) points.push(x);
        // Points just beside each kink and beside softplus's switch to linear.
        for (const k of [...marks, 0]) points.push(k - 1e-3, k + 1e-3, k - 0.1, k + 0.1);
        for (const x of points) {
          if (marks.some((k) => Math.abs(x - k) < 2 * h)) continue;
          const numeric = (f(x + h) - f(x - h)) / (2 * h);
          expect(Math.abs(df(x) - numeric), `f'(${x}) = ${df(x)}, numeric ${numeric}`).toBeLessThan(
            5e-7 * Math.max(1, Math.abs(numeric)),
          );
        }
      });

      it('follows PyTorch’s one-sided derivative at each non-differentiable point', () => {
        const h = 1e-7;
        for (const [k, side] of kinks(op, params)) {
          const numeric = side === 'left' ? (f(k) - f(k - h)) / h : (f(k + h) - f(k)) / h;
          expect(Math.abs(df(k) - numeric), `f'(${k}) from the ${side}`).toBeLessThan(
            1e-6 * Math.max(1, Math.abs(numeric)),
          );
        }
      });

      it('stays finite for inputs up to ±1e4 in float32', () => {
        const xs = [-1e4, -3e3, -1e3, -700, -100, -88, -30, 30, 88, 100, 700, 1e3, 3e3, 1e4];
        const kernel = kernelFor(op, params, [xs.length]);
        const y = kernel.forward([tensor([xs.length], xs)], 'train').data;
        const dx = kernel.backward(tensor([xs.length], new Float32Array(xs.length).fill(1)), [
          true,
        ])[0]!.data;
        for (let i = 0; i < xs.length; i++) {
          expect(Number.isFinite(y[i]), `f(${xs[i]}) = ${y[i]}`).toBe(true);
          expect(Number.isFinite(dx[i]), `f'(${xs[i]}) = ${dx[i]}`).toBe(true);
        }
      });

      it('passes a finite-difference check through the float32 kernel on a batch', () => {
        const random = createRandom(17);
        const input = tensor([6, 5]);
        const marks = [...kinks(op, params).map(([k]) => k)];
        for (let i = 0; i < input.data.length; i++) {
          let x = -4 + 8 * random.uniform();
          // Keep samples away from kinks, where a finite difference straddles two slopes.
          for (const k of marks) if (Math.abs(x - k) < 0.05) x = k + 0.1;
          input.data[i] = x;
        }
        const result = checkKernelGradients(kernelFor(op, params, [6, 5]), [input], { h: 1e-2 });
        expect(result.maxError, result.where).toBeLessThan(2e-3);
      });
    },
  );

  it('rejects a hardTanh whose minVal is not below maxVal', () => {
    expect(() => kernelFor('hardTanh', { minVal: 1, maxVal: 1 }, [2, 3])).toThrow(
      "[gradstream] node 'hardTanh-1': expected minVal < maxVal, got minVal 1 and maxVal 1",
    );
  });
});
