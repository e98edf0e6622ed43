import type { ElementwiseMath } from './elementwise.ts';
import { stableSigmoid } from './stable-sigmoid.ts';

/**
 * Softplus, a smooth ReLU: f(x) = (1/β)·ln(1 + e^(βx)), and f(x) = x once βx > `threshold`
 * (as PyTorch, β = `beta` default 1, threshold default 20); f'(x) = σ(βx), and 1 on the linear part.
 * NOTE: at βx = threshold exactly the smooth branch applies (PyTorch's test is βx > threshold).
 * Stable for every finite x: ln(1 + e^t) is computed as max(t, 0) + ln(1 + e^(−|t|)).
 */
export const softplusMath: ElementwiseMath = {
  op: 'softplus',
  params: {
    beta: { type: 'number', default: 1, min: 0, exclusiveMin: true },
    threshold: { type: 'number', default: 20 },
  },
  forward(x, y, params) {
    const beta = params.beta as number;
    const threshold = params.threshold as number;
    for (let i = 0; i < x.length; i++) {
      const t = beta * x[i];
      y[i] = t > threshold ? x[i] : (Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)))) / beta;
    }
  },
  backward(x, _y, dy, dx, params) {
    const beta = params.beta as number;
    const threshold = params.threshold as number;
    for (let i = 0; i < x.length; i++) {
      const t = beta * x[i];
      dx[i] = t > threshold ? dy[i] : dy[i] * stableSigmoid(t);
    }
  },
};
