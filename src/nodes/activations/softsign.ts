import type { ElementwiseMath } from './elementwise.ts';

/** Softsign, f(x) = x / (1 + |x|); f'(x) = 1 / (1 + |x|)², taken from the saved x. */
export const softsignMath: ElementwiseMath = {
  op: 'softsign',
  params: {},
  forward(x, y) {
    for (let i = 0; i < x.length; i++) y[i] = x[i] / (1 + Math.abs(x[i]));
  },
  backward(x, _y, dy, dx) {
    for (let i = 0; i < x.length; i++) {
      const d = 1 + Math.abs(x[i]);
      dx[i] = dy[i] / (d * d);
    }
  },
};
