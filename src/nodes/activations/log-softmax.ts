import { reuse, type Tensor } from '../../tensor/tensor.ts';
import type { NodeDefinition, NodeKernel } from '../node.ts';
import { lastAxis } from './softmax.ts';

/**
 * Log-softmax over the last axis, any rank: y_i = x_i − m − ln Σ_j e^(x_j − m), m = max_j x_j,
 * finite for any finite x (ln of a sum ≥ 1, never of an underflowed probability).
 * Backward keeps y: dx_i = dy_i − e^(y_i)·Σ_j dy_j.
 */
export const logSoftmaxDefinition: NodeDefinition = {
  op: 'logSoftmax',
  params: {},
  arity: 1,
  create(_params, context): NodeKernel {
    const width = lastAxis(context);
    // Kept from forward for backward: the output y (its exponential is the softmax).
    let y: Tensor | undefined;
    let dx: Tensor | undefined;
    return {
      outputShape: context.inputShapes[0],
      params: [],
      forward([input]) {
        y = reuse(y, input.shape);
        const x = input.data;
        const out = y.data;
        for (let base = 0; base < x.length; base += width) {
          let max = -Infinity;
          for (let c = 0; c < width; c++) if (x[base + c] > max) max = x[base + c];
          let sum = 0;
          for (let c = 0; c < width; c++) sum += Math.exp(x[base + c] - max);
          const shift = max + Math.log(sum);
          for (let c = 0; c < width; c++) out[base + c] = x[base + c] - shift;
        }
        return y;
      },
      backward(dy) {
        if (y === undefined) throw new Error(`[gradstream] node '${context.id}': backward before forward`);
        dx = reuse(dx, dy.shape);
        const logp = y.data;
        const g = dy.data;
        const out = dx.data;
        for (let base = 0; base < logp.length; base += width) {
          let total = 0;
          for (let c = 0; c < width; c++) total += g[base + c];
          for (let c = 0; c < width; c++) out[base + c] = g[base + c] - Math.exp(logp[base + c]) * total;
        }
        return [dx];
      },
    };
  },
};
