import { rowMax, rowSumExp } from '../../tensor/ops.ts';
import type { NodeDefinition } from '../node.ts';
import { lastAxisNode, type LastAxisMath } from './last-axis.ts';

/**
 * Softmax over the last axis, any rank: y_i = e^(x_i − m) / Σ_j e^(x_j − m), m = max_j x_j
 * (subtracting the maximum changes nothing but keeps every exponent ≤ 0, so no overflow).
 * Backward keeps y: dx_i = y_i·(dy_i − Σ_j dy_j·y_j).
 */
export const softmaxMath: LastAxisMath = {
  op: 'softmax',
  forward(x, y, width) {
    for (let base = 0; base < x.length; base += width) {
      const max = rowMax(x, base, width);
      const sum = rowSumExp(x, base, width, max);
      const inv = 1 / sum;
      for (let c = 0; c < width; c++) y[base + c] = Math.exp(x[base + c] - max) * inv;
    }
  },
  backward(y, dy, dx, width) {
    for (let base = 0; base < y.length; base += width) {
      let dot = 0;
      for (let c = 0; c < width; c++) dot += dy[base + c] * y[base + c];
      for (let c = 0; c < width; c++) dx[base + c] = y[base + c] * (dy[base + c] - dot);
    }
  },
};

/** The graph op `softmax` over the last axis, any rank; backward keeps y. */
export const softmaxDefinition: NodeDefinition = lastAxisNode(softmaxMath);
