import type { ElementwiseMath } from './elementwise.ts';

/**
 * Exponential linear unit (Clevert et al., 2015): f(x) = x for x > 0, α(eˣ − 1) otherwise;
 * f'(x) = 1 for x > 0, αeˣ = f(x) + α otherwise.
 * NOTE: at x = 0 the derivative is α, as in PyTorch (the test is x > 0); with α = 1 both sides agree.
 */
export const eluMath: ElementwiseMath = {
  op: 'elu',
  params: { alpha: { type: 'number', default: 1 } },
  forward(x, y, params) {
    const alpha = params.alpha as number;
    // expm1 keeps precision for x near 0, where eˣ − 1 would cancel.
    for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]);
  },
  backward(x, _y, dy, dx, params) {
    const alpha = params.alpha as number;
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? dy[i] : dy[i] * alpha * Math.exp(x[i]);
  },
};
