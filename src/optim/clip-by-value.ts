import type { OperatorFunction } from 'rxjs';
import type { GradientBundle } from './gradients.ts';
import {
  gradientOperator,
  handleNonFinite,
  hasNonFinite,
  type NonFiniteOptions,
} from './non-finite.ts';

/** Options of clipping by value, as PyTorch's `clip_grad_value_`. */
export interface ClipByValueOptions extends NonFiniteOptions {
  /** Every gradient element is clamped to [−clipValue, clipValue]. */
  readonly clipValue: number;
}

/**
 * Clips each gradient element, PyTorch's `clip_grad_value_`: g ← min(max(g, −c), c).
 * NOTE: a clamp would turn ±Infinity into ±c and hide it, so non-finite gradients are found
 * first and handled by `nonFinite` like clipByNorm does.
 */
export function clipByValue(
  options: ClipByValueOptions,
): OperatorFunction<GradientBundle, GradientBundle> {
  const { clipValue: c } = options;
  if (!(c > 0) || !Number.isFinite(c)) {
    throw new RangeError(
      `[gradstream] clipByValue: expected 'clipValue' to be a finite number > 0, got ${c}.`,
    );
  }
  return gradientOperator((bundle) => {
    const offending = bundle.params.filter((p) => hasNonFinite(p.grad.data));
    if (offending.length > 0 && !handleNonFinite('clipByValue', bundle, offending, options))
      return undefined;

    for (const p of bundle.params) {
      const g = p.grad.data;
      for (let i = 0; i < g.length; i++) g[i] = g[i] > c ? c : g[i] < -c ? -c : g[i];
    }
    return bundle;
  });
}
