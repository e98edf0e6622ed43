import type { ElementwiseMath } from './elementwise.ts';

/** Hyperbolic tangent, tanh(x); tanh'(x) = 1 − tanh²(x), taken from the saved output. */
export const tanhMath: ElementwiseMath = {
  op: 'tanh',
  params: {},
  forward(x, y) {
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]);
  },
  backward(_x, y, dy, dx) {
    for (let i = 0; i < y.length; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
  },
};
