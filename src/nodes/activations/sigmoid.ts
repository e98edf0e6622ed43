import type { ElementwiseMath } from './elementwise.ts';

/**
 * Logistic sigmoid, σ(x) = 1 / (1 + e^(−x)); σ'(x) = σ(x)(1 − σ(x)), taken from the saved output.
 * Stable everywhere: for x < 0 it is computed as e^x / (1 + e^x), so σ(−1000) is 0, not NaN.
 */
export const sigmoidMath: ElementwiseMath = {
  op: 'sigmoid',
  params: {},
  forward(x, y) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      if (v >= 0) {
        y[i] = 1 / (1 + Math.exp(-v));
      } else {
        const e = Math.exp(v);
        y[i] = e / (1 + e);
      }
    }
  },
  backward(_x, y, dy, dx) {
    for (let i = 0; i < y.length; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
  },
};
