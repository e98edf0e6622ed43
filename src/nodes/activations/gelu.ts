import { erfc } from '../../tensor/erf.ts';
import type { ElementwiseMath } from './elementwise.ts';
import { stableSigmoid } from './stable-sigmoid.ts';

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;
const KAPPA = 0.044715;

/**
 * Gaussian error linear unit (Hendrycks & Gimpel, 2016): f(x) = x·Φ(x), Φ the standard normal
 * CDF; f'(x) = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
 * With `approximate: 'tanh'` (PyTorch's option): f(x) = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³);
 * f'(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²).
 * Stable for every finite x: Φ(x) = ½erfc(−x/√2) keeps the left tail that 1 + erf would cancel,
 * and 1 + tanh u is computed as 2σ(2u).
 */
export const geluMath: ElementwiseMath = {
  op: 'gelu',
  params: { approximate: { type: 'string', default: 'none', choices: ['none', 'tanh'] } },
  forward(x, y, params) {
    if (params.approximate === 'tanh') {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v * stableSigmoid(2 * SQRT_2_OVER_PI * (v + KAPPA * v * v * v));
      }
      return;
    }
    for (let i = 0; i < x.length; i++) y[i] = 0.5 * x[i] * erfc(-x[i] * INV_SQRT2);
  },
  backward(x, _y, dy, dx, params) {
    if (params.approximate === 'tanh') {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        // s = σ(2u) = ½(1 + tanh u), and 1 − tanh² u = 4s(1 − s).
        const s = stableSigmoid(2 * SQRT_2_OVER_PI * (v + KAPPA * v * v * v));
        const du = SQRT_2_OVER_PI * (1 + 3 * KAPPA * v * v);
        dx[i] = dy[i] * (s + 2 * v * s * (1 - s) * du);
      }
      return;
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      dx[i] = dy[i] * (0.5 * erfc(-v * INV_SQRT2) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
    }
  },
};
