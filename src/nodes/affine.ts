import type { Param } from './node.ts';
import { createParam } from './param.ts';

/** The learned per-feature scale γ (starting at 1) and shift β (at 0) of a normalization layer. */
export interface Affine {
  readonly gamma: Param;
  readonly beta: Param;
}

/** Creates `<nodeId>/gamma` and `<nodeId>/beta` over `features`, or undefined when not affine. */
export function createAffine(
  nodeId: string,
  features: number,
  isAffine: boolean,
): Affine | undefined {
  if (!isAffine) return undefined;
  const gamma = createParam(nodeId, 'gamma', [features]);
  const beta = createParam(nodeId, 'beta', [features]);
  gamma.value.data.fill(1);
  return { gamma, beta };
}

/**
 * y[r, c] = γ[c]·x̂[r, c] + β[c] over a [rows, cols] buffer; without an affine, y = x̂. Its
 * gradients are dγ = Σ_r dy·x̂, dβ = Σ_r dy and dx̂ = γ·dy, which each layer folds into its own
 * backward.
 */
export function affineColumns(
  xhat: Float32Array,
  affine: Affine | undefined,
  y: Float32Array,
  cols: number,
): void {
  if (affine === undefined) {
    y.set(xhat);
    return;
  }
  const gamma = affine.gamma.value.data;
  const beta = affine.beta.value.data;
  for (let base = 0; base < xhat.length; base += cols) {
    for (let c = 0; c < cols; c++) y[base + c] = gamma[c] * xhat[base + c] + beta[c];
  }
}
