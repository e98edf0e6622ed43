import type { OperatorFunction } from 'rxjs';
import type { GradientBundle, ParamGradient } from './gradients.ts';
import {
  gradientOperator,
  handleNonFinite,
  hasNonFinite,
  type NonFiniteOptions,
} from './non-finite.ts';

/** Options of clipping by the global norm, as PyTorch's `clip_grad_norm_` (norm type 2). */
export interface ClipByNormOptions extends NonFiniteOptions {
  /** The largest global L2 norm let through. */
  readonly maxNorm: number;
  /** Called every step with the global norm before clipping (after zeroing, with 'zero'). */
  readonly onTotalNorm?: (step: number, totalNorm: number) => void;
}

/**
 * Clips by the global L2 norm over all parameters, PyTorch's `clip_grad_norm_`:
 * N = √(Σₚ Σᵢ gₚᵢ²); c = maxNorm / (N + 1e-6); when c < 1 every gradient is scaled by c.
 * A non-finite N (a NaN or ±Infinity in some gradient) is handled by `nonFinite`.
 */
export function clipByNorm(
  options: ClipByNormOptions,
): OperatorFunction<GradientBundle, GradientBundle> {
  const { maxNorm } = options;
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    throw new RangeError(
      `[gradstream] clipByNorm: expected 'maxNorm' to be a finite number > 0, got ${maxNorm}.`,
    );
  }
  return gradientOperator((bundle) => {
    let total = globalNorm(bundle.params);
    if (!Number.isFinite(total)) {
      const offending = bundle.params.filter((p) => hasNonFinite(p.grad.data));
      if (!handleNonFinite('clipByNorm', bundle, offending, options)) return undefined;
      total = globalNorm(bundle.params);
    }
    options.onTotalNorm?.(bundle.step, total);

    const coefficient = maxNorm / (total + 1e-6);
    if (coefficient < 1) {
      for (const p of bundle.params) scale(p.grad.data, coefficient);
    }
    return bundle;
  });
}

/** The L2 norm of all gradients taken together, summed in float64. */
export function globalNorm(params: readonly ParamGradient[]): number {
  let sumOfSquares = 0;
  for (const p of params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) sumOfSquares += g[i] * g[i];
  }
  return Math.sqrt(sumOfSquares);
}

function scale(g: Float32Array, factor: number): void {
  for (let i = 0; i < g.length; i++) g[i] *= factor;
}
