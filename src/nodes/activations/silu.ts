import type { ElementwiseMath } from './elementwise.ts';
import { stableSigmoid } from './stable-sigmoid.ts';

/**
 * Sigmoid linear unit, also called Swish (Elfwing et al., 2017; Ramachandran et al., 2017):
 * f(x) = x·σ(x); f'(x) = σ(x)(1 + x(1 − σ(x))). The backward recomputes σ from the saved x.
 * Stable for every finite x: σ never overflows, so f(−1e4) is −0 and f(1e4) is 1e4.
 */
export const siluMath: ElementwiseMath = {
  op: 'silu',
  params: {},
  forward(x, y) {
    for (let i = 0; i < x.length; i++) y[i] = x[i] * stableSigmoid(x[i]);
  },
  backward(x, _y, dy, dx) {
    for (let i = 0; i < x.length; i++) {
      const s = stableSigmoid(x[i]);
      dx[i] = dy[i] * s * (1 + x[i] * (1 - s));
    }
  },
};
