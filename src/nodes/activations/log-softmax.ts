import { rowMax, rowSumExp } from '../../tensor/ops.ts';
import type { NodeDefinition } from '../node.ts';
import { lastAxisNode, type LastAxisMath } from './last-axis.ts';

/**
 * Log-softmax over the last axis, any rank: y_i = x_i − m − ln Σ_j e^(x_j − m), m = max_j x_j,
 * finite for any finite x (ln of a sum ≥ 1, never of an underflowed probability).
 * Backward keeps y (its exponential is the softmax): dx_i = dy_i − e^(y_i)·Σ_j dy_j.
 */
export const logSoftmaxMath: LastAxisMath = {
  op: 'logSoftmax',
  forward(x, y, width) {
    for (let base = 0; base < x.length; base += width) {
      const max = rowMax(x, base, width);
      const sum = rowSumExp(x, base, width, max);
      const shift = max + Math.log(sum);
      for (let c = 0; c < width; c++) y[base + c] = x[base + c] - shift;
    }
  },
  backward(y, dy, dx, width) {
    for (let base = 0; base < y.length; base += width) {
      let total = 0;
      for (let c = 0; c < width; c++) total += dy[base + c];
      for (let c = 0; c < width; c++) dx[base + c] = dy[base + c] - Math.exp(y[base + c]) * total;
    }
  },
};

/** The graph op `logSoftmax` over the last axis, any rank; backward keeps y. */
export const logSoftmaxDefinition: NodeDefinition = lastAxisNode(logSoftmaxMath);
