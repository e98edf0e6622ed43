import { defer, map, startWith, type OperatorFunction } from 'rxjs';
import { checkOption } from './schedule.ts';

/** Options of reduce-on-plateau, named as in PyTorch's `ReduceLROnPlateau`. */
export interface ReduceOnPlateauOptions {
  /** The starting rate. */
  readonly lr: number;
  /** 'min': the metric should fall (a loss); 'max': it should rise (an accuracy). */
  readonly mode?: 'min' | 'max';
  /** Factor the rate is multiplied by on a plateau; defaults to 0.1. */
  readonly factor?: number;
  /** Metrics without improvement tolerated before reducing; defaults to 10. */
  readonly patience?: number;
  /** How much better a metric must be to count; defaults to 1e-4. */
  readonly threshold?: number;
  /** 'rel': better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Metrics to wait after a reduction before counting again; defaults to 0. */
  readonly cooldown?: number;
  /** The rate never falls below this; defaults to 0. */
  readonly minLr?: number;
  /** Reductions smaller than this are not made; defaults to 1e-8. */
  readonly eps?: number;
}

/**
 * Reduce-on-plateau, PyTorch's `ReduceLROnPlateau`, as an operator on a metric stream (a loss per
 * step or per epoch): emits the starting rate when subscribed, then the rate in force after each
 * metric. After more than `patience` metrics without improvement (outside cooldown), the rate
 * becomes max(lr · factor, minLr) if that lowers it by more than `eps`.
 */
export function reduceOnPlateau(options: ReduceOnPlateauOptions): OperatorFunction<number, number> {
  const { lr, mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4 } = options;
  const { thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = options;
  checkOption('reduceOnPlateau', 'factor', factor, factor >= 0 && factor < 1, 'in [0, 1)');
  const isBetter = (a: number, best: number): boolean => {
    if (mode === 'min')
      return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (1 + threshold) : a > best + threshold;
  };

  return (metric$) =>
    defer(() => {
      // Per-subscription state, as PyTorch keeps it.
      let rate = lr;
      let best = mode === 'min' ? Infinity : -Infinity;
      let badCount = 0;
      let cooldownLeft = 0;
      return metric$.pipe(
        map((metric) => {
          if (isBetter(metric, best)) {
            best = metric;
            badCount = 0;
          } else {
            badCount += 1;
          }
          if (cooldownLeft > 0) {
            cooldownLeft -= 1;
            badCount = 0;
          }
          if (badCount > patience) {
            const reduced = Math.max(rate * factor, minLr);
            if (rate - reduced > eps) rate = reduced;
            cooldownLeft = cooldown;
            badCount = 0;
          }
          return rate;
        }),
        startWith(lr),
      );
    });
}
