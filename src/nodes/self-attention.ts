import { initializerNames, initializers, type InitOptions } from '../init/initializers.ts';
import type { Random } from '../tensor/random.ts';
import { matmul, matmulTransA, matmulTransB } from '../tensor/matmul.ts';
import { addBiasRows, sumRows } from '../tensor/ops.ts';
import { reuse, type Tensor } from '../tensor/tensor.ts';
import {
  attentionBackward,
  attentionForward,
  mergeHeads,
  splitHeads,
  type HeadSizes,
} from './attention-heads.ts';
import { expectRank, ShapeError } from './errors.ts';
import { initOptionsFrom, initParamRules, type InitParams } from './init-params.ts';
import { nodeFunction, type NodeDefinition, type Param } from './node.ts';
import { createParam } from './param.ts';

/** Parameters of multi-head self-attention. */
export interface SelfAttentionParams extends InitParams {
  /** Number of heads; must divide `units`. */
  heads: number;
  /** Model width of Q, K, V and the output; 0 (the default) takes the input's features. */
  units?: number;
  /** Whether position t may only attend to positions ≤ t (default false). */
  causal?: boolean;
  /** Initializer of the four projection weights (default 'glorot-uniform'); biases start at zero. */
  init?: string;
}

/** One projection y = x·Wᵀ + b, with W stored as [outFeatures, inFeatures] like dense. */
interface Projection {
  readonly weight: Param;
  readonly bias: Param;
}

/**
 * Multi-head scaled dot-product self-attention (Vaswani et al., 2017) on [seqLen, features]:
 * Q = x·W_qᵀ + b_q (likewise K, V), per head P = softmax(Q_h·K_hᵀ / √d_head [+ causal mask]),
 * O_h = P·V_h, y = concat_h(O_h)·W_oᵀ + b_o.
 * Backward keeps x, Q, K, V, P and the concatenated heads: dV_h = Pᵀ·dO_h,
 * dS = P ⊙ (dO_h·V_hᵀ − rowsum(P ⊙ dO_h·V_hᵀ)) / √d_head, dQ_h = dS·K_h, dK_h = dSᵀ·Q_h,
 * and through each projection as in dense.
 */
export const selfAttentionDefinition: NodeDefinition = {
  op: 'selfAttention',
  arity: 1,
  params: {
    heads: { type: 'integer', min: 1 },
    units: { type: 'integer', min: 0, default: 0 },
    causal: { type: 'boolean', default: false },
    init: { type: 'string', default: 'glorot-uniform', choices: initializerNames },
    ...initParamRules,
  },
  create(params, { id, inputShapes, inputIds, random }) {
    expectRank(id, inputIds[0], inputShapes[0], 2, 'a sequence of shape [seqLen, features]');
    const [seqLen, inFeatures] = inputShapes[0];
    const units = (params.units as number) > 0 ? (params.units as number) : inFeatures;
    const heads = params.heads as number;
    if (units % heads !== 0) {
      throw new ShapeError(
        `node '${id}': expected units (${units}) to be a multiple of heads (${heads}); change one of them.`,
      );
    }
    const isCausal = params.causal as boolean;
    const init = { name: params.init as string, options: initOptionsFrom(params) };
    const [pq, pk, pv] = ['query', 'key', 'value'].map((n) =>
      projection(id, n, units, inFeatures, random, init),
    );
    const po = projection(id, 'output', units, units, random, init);

    // Kept from forward for backward: x, the projections, the heads, P and the merged heads.
    let x: Tensor | undefined;
    let sizes: HeadSizes = { batch: 0, heads, seqLen, headSize: units / heads };
    const empty: Float32Array = new Float32Array(0);
    let q = empty,
      k = q,
      v = q,
      qh = q,
      kh = q,
      vh = q,
      oh = q,
      merged = q,
      p = q;
    let y: Tensor | undefined;
    // Backward buffers, reused across steps.
    let dMerged = q,
      dOh = q,
      dqh = q,
      dkh = q,
      dvh = q,
      dq = q,
      dk = q,
      dv = q;
    const scratch = new Float32Array(seqLen * seqLen);
    let dx: Tensor | undefined;

    return {
      outputShape: [seqLen, units],
      params: [pq, pk, pv, po].flatMap((pr) => [pr.weight, pr.bias]),
      forward([input]) {
        x = input;
        const batch = input.shape[0];
        const rows = batch * seqLen;
        if (sizes.batch !== batch) {
          sizes = { ...sizes, batch };
          [q, k, v, qh, kh, vh, oh, merged] = fresh(8, rows * units);
          p = new Float32Array(batch * heads * seqLen * seqLen);
        }
        project(pq, input.data, q, rows, inFeatures, units);
        project(pk, input.data, k, rows, inFeatures, units);
        project(pv, input.data, v, rows, inFeatures, units);
        splitHeads(q, qh, sizes);
        splitHeads(k, kh, sizes);
        splitHeads(v, vh, sizes);

        attentionForward(qh, kh, vh, p, oh, sizes, isCausal);
        mergeHeads(oh, merged, sizes);
        y = reuse(y, [batch, seqLen, units]);
        project(po, merged, y.data, rows, units, units);
        return y;
      },
      backward(dy, [needsDx]) {
        if (x === undefined) throw new Error(`[gradstream] node '${id}': backward before forward`);
        const rows = sizes.batch * seqLen;
        if (dMerged.length !== merged.length)
          [dMerged, dOh, dqh, dkh, dvh, dq, dk, dv] = fresh(8, merged.length);
        projectBackward(po, merged, dy.data, dMerged, rows, units, units, false);
        splitHeads(dMerged, dOh, sizes);

        attentionBackward(qh, kh, vh, p, dOh, dqh, dkh, dvh, scratch, sizes);
        mergeHeads(dqh, dq, sizes);
        mergeHeads(dkh, dk, sizes);
        mergeHeads(dvh, dv, sizes);

        dx = needsDx ? reuse(dx, x.shape) : undefined;
        projectBackward(pq, x.data, dq, dx?.data, rows, inFeatures, units, false);
        projectBackward(pk, x.data, dk, dx?.data, rows, inFeatures, units, true);
        projectBackward(pv, x.data, dv, dx?.data, rows, inFeatures, units, true);
        return [dx];
      },
    };
  },
};

function projection(
  nodeId: string,
  name: string,
  outFeatures: number,
  inFeatures: number,
  random: Random,
  init: { name: string; options: InitOptions },
): Projection {
  const weight = createParam(nodeId, `${name}Weight`, [outFeatures, inFeatures]);
  initializers[init.name](
    weight.value.data,
    { fanIn: inFeatures, fanOut: outFeatures },
    random,
    init.options,
  );
  return { weight, bias: createParam(nodeId, `${name}Bias`, [outFeatures]) };
}

/** y = x·Wᵀ + b over `rows` rows. */
function project(
  pr: Projection,
  x: Float32Array,
  y: Float32Array,
  rows: number,
  inFeatures: number,
  outFeatures: number,
): void {
  matmulTransB(x, pr.weight.value.data, y, rows, inFeatures, outFeatures);
  addBiasRows(y, pr.bias.value.data, y, outFeatures);
}

/** dW += dyᵀ·x, db += Σ dy; then dx (+)= dy·W when dx is wanted (`accumulate` adds instead of writing). */
function projectBackward(
  pr: Projection,
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array | undefined,
  rows: number,
  inFeatures: number,
  outFeatures: number,
  accumulate: boolean,
): void {
  matmulTransA(dy, x, pr.weight.grad.data, outFeatures, rows, inFeatures, true);
  sumRows(dy, pr.bias.grad.data, outFeatures, true);
  if (dx !== undefined)
    matmul(dy, pr.weight.value.data, dx, rows, outFeatures, inFeatures, accumulate);
}

function fresh(count: number, size: number): Float32Array[] {
  return Array.from({ length: count }, () => new Float32Array(size));
}

/** `selfAttention({ heads: 4, causal: true })`: a multi-head self-attention node for graphs composed in code. */
export const selfAttention = nodeFunction<SelfAttentionParams>('selfAttention');
