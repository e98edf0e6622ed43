import type { ElementwiseMath } from './elementwise.ts';

/**
 * Leaky ReLU, f(x) = x for x > 0, αx otherwise (α = `alpha`, default 0.01); f'(x) = 1 or α.
 * NOTE: at x = 0 the derivative is α, as in PyTorch (the test is x > 0).
 */
export const leakyReluMath: ElementwiseMath = {
  op: 'leakyRelu',
  params: { alpha: { type: 'number', default: 0.01 } },
  forward(x, y, params) {
    const alpha = params.alpha as number;
    for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
  },
  backward(x, _y, dy, dx, params) {
    const alpha = params.alpha as number;
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
  },
};
