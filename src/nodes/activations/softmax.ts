import { reuse, type Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../errors.ts';
import type { NodeContext, NodeDefinition, NodeKernel } from '../node.ts';

/**
 * Softmax over the last axis, any rank: y_i = e^(x_i − m) / Σ_j e^(x_j − m), m = max_j x_j
 * (subtracting the maximum changes nothing but keeps every exponent ≤ 0, so no overflow).
 * Backward keeps y: dx_i = y_i·(dy_i − Σ_j dy_j·y_j).
 */
export const softmaxDefinition: NodeDefinition = {
  op: 'softmax',
  params: {},
  arity: 1,
  create(_params, context): NodeKernel {
    const width = lastAxis(context);
    // Kept from forward for backward: the output y.
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
          const inv = 1 / sum;
          for (let c = 0; c < width; c++) out[base + c] = Math.exp(x[base + c] - max) * inv;
        }
        return y;
      },
      backward(dy) {
        if (y === undefined) throw new Error(`[gradstream] node '${context.id}': backward before forward`);
        dx = reuse(dx, dy.shape);
        const p = y.data;
        const g = dy.data;
        const out = dx.data;
        for (let base = 0; base < p.length; base += width) {
          let dot = 0;
          for (let c = 0; c < width; c++) dot += g[base + c] * p[base + c];
          for (let c = 0; c < width; c++) out[base + c] = p[base + c] * (g[base + c] - dot);
        }
        return [dx];
      },
    };
  },
};

/** The size of the last per-sample axis, over which softmax-like nodes normalize. */
export function lastAxis({ id, inputShapes, inputIds }: NodeContext): number {
  const shape = inputShapes[0];
  if (shape.length < 1) {
    throw new ShapeError(`node '${id}': expected input with a feature axis from '${inputIds[0]}', got a scalar per sample`);
  }
  return shape[shape.length - 1];
}
