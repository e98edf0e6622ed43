/**
 * Per-head scaled dot-product attention on flat float32 buffers, used by self-attention.ts.
 * Heads live in head-major buffers [batch, heads, seqLen, headSize], so each (batch, head)
 * slice is contiguous and the matmul kernels can run on subarray views of it.
 */
import { matmul, matmulTransA, matmulTransB } from '../tensor/matmul.ts';

/** Sizes of one attention call. */
export interface HeadSizes {
  readonly batch: number;
  readonly heads: number;
  readonly seqLen: number;
  readonly headSize: number;
}

/** Copies a [batch·seqLen, heads·headSize] buffer into head-major [batch, heads, seqLen, headSize]. */
export function splitHeads(
  x: Float32Array,
  out: Float32Array,
  { batch, heads, seqLen, headSize }: HeadSizes,
): void {
  const model = heads * headSize;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < seqLen; t++) {
        const from = (b * seqLen + t) * model + h * headSize;
        const to = ((b * heads + h) * seqLen + t) * headSize;
        for (let c = 0; c < headSize; c++) out[to + c] = x[from + c];
      }
    }
  }
}

/** The inverse of splitHeads: head-major back to [batch·seqLen, heads·headSize] (heads concatenated). */
export function mergeHeads(
  x: Float32Array,
  out: Float32Array,
  { batch, heads, seqLen, headSize }: HeadSizes,
): void {
  const model = heads * headSize;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let t = 0; t < seqLen; t++) {
        const from = ((b * heads + h) * seqLen + t) * headSize;
        const to = (b * seqLen + t) * model + h * headSize;
        for (let c = 0; c < headSize; c++) out[to + c] = x[from + c];
      }
    }
  }
}

/**
 * For every (batch, head) slice: P = softmax(Q·Kᵀ / √d [+ causal mask]) and O = P·V.
 * `p` [batch, heads, seqLen, seqLen] keeps the attention weights for backward.
 * The causal mask sets scores above the diagonal to −∞, so their weights are exactly 0.
 */
export function attentionForward(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  p: Float32Array,
  o: Float32Array,
  sizes: HeadSizes,
  isCausal: boolean,
): void {
  const { batch, heads, seqLen: T, headSize: d } = sizes;
  const scale = 1 / Math.sqrt(d);
  for (let s = 0; s < batch * heads; s++) {
    const qs = q.subarray(s * T * d, (s + 1) * T * d);
    const ks = k.subarray(s * T * d, (s + 1) * T * d);
    const vs = v.subarray(s * T * d, (s + 1) * T * d);
    const ps = p.subarray(s * T * T, (s + 1) * T * T);
    matmulTransB(qs, ks, ps, T, d, T);
    softmaxScaledRows(ps, T, scale, isCausal);
    matmul(ps, vs, o.subarray(s * T * d, (s + 1) * T * d), T, T, d);
  }
}

/**
 * Backward of attentionForward, given dO. With G = dO·Vᵀ:
 * dV = Pᵀ·dO; dS = P ⊙ (G − rowsum(G ⊙ P)) (the softmax Jacobian, row by row), scaled by 1/√d;
 * dQ = dS·K; dK = dSᵀ·Q. `scratch` holds one [seqLen, seqLen] slice.
 */
export function attentionBackward(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  p: Float32Array,
  dO: Float32Array,
  dq: Float32Array,
  dk: Float32Array,
  dv: Float32Array,
  scratch: Float32Array,
  sizes: HeadSizes,
): void {
  const { batch, heads, seqLen: T, headSize: d } = sizes;
  const scale = 1 / Math.sqrt(d);
  for (let s = 0; s < batch * heads; s++) {
    const at = s * T * d;
    const ps = p.subarray(s * T * T, (s + 1) * T * T);
    const dOs = dO.subarray(at, at + T * d);
    matmulTransB(dOs, v.subarray(at, at + T * d), scratch, T, d, T);
    matmulTransA(ps, dOs, dv.subarray(at, at + T * d), T, T, d);
    softmaxBackwardRows(ps, scratch, T, scale);
    matmul(scratch, k.subarray(at, at + T * d), dq.subarray(at, at + T * d), T, T, d);
    matmulTransA(scratch, q.subarray(at, at + T * d), dk.subarray(at, at + T * d), T, T, d);
  }
}

/** In place on a [T, T] score slice: s ← softmax(scale · s) per row, with −∞ above the diagonal when causal. */
function softmaxScaledRows(s: Float32Array, T: number, scale: number, isCausal: boolean): void {
  for (let i = 0; i < T; i++) {
    const row = i * T;
    const end = isCausal ? i + 1 : T;
    let max = -Infinity;
    for (let j = 0; j < end; j++) if (s[row + j] > max) max = s[row + j];
    let sum = 0;
    for (let j = 0; j < end; j++) {
      const e = Math.exp((s[row + j] - max) * scale);
      s[row + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < end; j++) s[row + j] *= inv;
    for (let j = end; j < T; j++) s[row + j] = 0;
  }
}

/** In place on g = ∂L/∂P: g ← scale · P ⊙ (g − Σ_j g_j P_j) per row, i.e. ∂L/∂(Q·Kᵀ). */
function softmaxBackwardRows(p: Float32Array, g: Float32Array, T: number, scale: number): void {
  for (let i = 0; i < T; i++) {
    const row = i * T;
    let dot = 0;
    for (let j = 0; j < T; j++) dot += g[row + j] * p[row + j];
    for (let j = 0; j < T; j++) g[row + j] = scale * p[row + j] * (g[row + j] - dot);
  }
}
