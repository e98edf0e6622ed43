import { reuse, type Tensor } from '../tensor/tensor.ts';
import { ShapeError } from './errors.ts';
import { nodeFunction, type NodeDefinition } from './node.ts';

/**
 * Mean over the sequence (first per-sample) axis: [seqLen, ...features] → [...features],
 * y = (1/T) Σ_t x_t. Backward keeps nothing but the shapes: dx_t = dy / T for every t.
 */
export const meanPoolDefinition: NodeDefinition = {
  op: 'meanPool',
  arity: 1,
  params: {},
  create(_params, { id, inputShapes, inputIds }) {
    const inShape = inputShapes[0];
    if (inShape.length < 2) {
      throw new ShapeError(
        `node '${id}': expected input of shape [seqLen, features] per sample from '${inputIds[0]}', got [${inShape.join(', ')}]`,
      );
    }
    const seqLen = inShape[0];
    const outShape = inShape.slice(1);
    const features = outShape.reduce((a, b) => a * b, 1);
    const scale = 1 / seqLen;

    // Kept from forward for backward: the input shape (the mean's gradient needs no values).
    let inputShape: readonly number[] = [];
    let y: Tensor | undefined;
    let dx: Tensor | undefined;
    return {
      outputShape: outShape,
      params: [],
      forward([input]) {
        inputShape = input.shape;
        const batch = input.shape[0];
        y = reuse(y, [batch, ...outShape]);
        const x = input.data;
        const out = y.data;
        out.fill(0);
        for (let b = 0; b < batch; b++) {
          const base = b * features;
          for (let t = 0; t < seqLen; t++) {
            const from = (b * seqLen + t) * features;
            for (let c = 0; c < features; c++) out[base + c] += x[from + c];
          }
        }
        for (let i = 0; i < out.length; i++) out[i] *= scale;
        return y;
      },
      backward(dy) {
        dx = reuse(dx, inputShape);
        const batch = inputShape[0];
        for (let b = 0; b < batch; b++) {
          const base = b * features;
          for (let t = 0; t < seqLen; t++) {
            const to = (b * seqLen + t) * features;
            for (let c = 0; c < features; c++) dx.data[to + c] = dy.data[base + c] * scale;
          }
        }
        return [dx];
      },
    };
  },
};

/** `meanPool()`: averages a sequence over time, for a classifier after attention or a recurrent layer. */
export const meanPool = nodeFunction<Record<string, never>>('meanPool');
