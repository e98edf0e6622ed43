import { reuse, type Tensor } from '../tensor/tensor.ts';
import { nodeFunction, type NodeDefinition } from './node.ts';

/** Parameters of a dropout layer. */
export interface DropoutParams {
  /** Probability of zeroing each unit in training (default 0.5); 1 zeroes everything. */
  rate?: number;
}

/**
 * Inverted dropout (Srivastava et al., 2014). Train: each element is kept with probability
 * 1 − p, drawn from the node's seeded generator (the same seed gives the same masks), and
 * y = x·mask with mask ∈ {0, 1/(1 − p)}, so E[y] = x; dx = dy·mask with the same mask.
 * Eval: the identity, y = x and dx = dy.
 */
export const dropoutDefinition: NodeDefinition = {
  op: 'dropout',
  arity: 1,
  params: {
    rate: { type: 'number', default: 0.5, min: 0, max: 1 },
  },
  create(params, { id, inputShapes, random }) {
    const rate = params.rate as number;
    // NOTE: rate 1 drops everything (PyTorch gives zeros too), instead of scaling by 1/0.
    const scale = rate < 1 ? 1 / (1 - rate) : 0;

    // Kept from forward for backward: the mask (reused buffer) and whether it applied.
    let mask: Tensor | undefined;
    let isIdentity = true;
    let y: Tensor | undefined;
    let dx: Tensor | undefined;

    return {
      outputShape: inputShapes[0],
      params: [],
      forward([input], mode) {
        isIdentity = mode === 'eval' || rate === 0;
        if (isIdentity) return input;
        mask = reuse(mask, input.shape);
        y = reuse(y, input.shape);
        const m = mask.data;
        for (let i = 0; i < m.length; i++) m[i] = random.uniform() < rate ? 0 : scale;
        for (let i = 0; i < m.length; i++) y.data[i] = input.data[i] * m[i];
        return y;
      },
      backward(dy) {
        if (isIdentity) return [dy];
        if (mask === undefined)
          throw new Error(`[gradstream] node '${id}': backward before forward`);
        dx = reuse(dx, dy.shape);
        for (let i = 0; i < dy.data.length; i++) dx.data[i] = dy.data[i] * mask.data[i];
        return [dx];
      },
    };
  },
};

/** `dropout({ rate: 0.2 })`: a dropout node for graphs composed in code. */
export const dropout = nodeFunction<DropoutParams>('dropout');
