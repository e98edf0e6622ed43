import type { ElementwiseMath } from './elementwise.ts';

/**
 * Rectified linear unit, relu(x) = max(0, x); relu'(x) = 1 for x > 0, else 0.
 * NOTE: at x = 0 the derivative is 0, as in PyTorch: a unit exactly at zero passes no gradient.
 */
export const reluMath: ElementwiseMath = {
  op: 'relu',
  params: {},
  forward(x, y) {
    // Branch-free: (x + |x|) / 2 is exact in float32 and avoids mispredicted branches on real data.
    for (let i = 0; i < x.length; i++) y[i] = (x[i] + Math.abs(x[i])) * 0.5;
  },
  backward(_x, y, dy, dx) {
    // y ≥ 0, so sign(y) is the 0/1 mask relu'(x) without a branch.
    for (let i = 0; i < y.length; i++) dx[i] = dy[i] * Math.sign(y[i]);
  },
};
