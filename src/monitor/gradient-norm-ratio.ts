import { filter, map, pipe, type OperatorFunction } from 'rxjs';
import type { StatisticsBatch } from './frame-statistics.ts';
import { layerGradientNorms } from './layer-gradient-norms.ts';

/** How the gradient's size changes from the last layer back to the first, at one step. */
export interface GradientNormRatio {
  readonly step: number;
  readonly firstLayer: string;
  readonly lastLayer: string;
  readonly firstNorm: number;
  readonly lastNorm: number;
  /** firstNorm / lastNorm: ≪ 1 hints at vanishing gradients, ≫ 1 at exploding ones. */
  readonly ratio: number;
}

/** Options of gradientNormRatio(). */
export interface GradientNormRatioOptions {
  /** The layers to compare (default: the first and last layers with gradient frames). */
  readonly firstLayer?: string;
  readonly lastLayer?: string;
}

/**
 * Emits, per step, the ratio of the first layer's gradient norm to the last layer's, where a
 * layer's norm is √Σ‖g‖² over its gradient frames. Reads frameStatistics() output; steps with
 * fewer than two layers are skipped.
 */
export function gradientNormRatio(
  options: GradientNormRatioOptions = {},
): OperatorFunction<StatisticsBatch, GradientNormRatio> {
  return pipe(
    map((batch) => normRatio(batch, options)),
    filter((r): r is GradientNormRatio => r !== undefined),
  );
}

/** The ratio for one step's statistics, or undefined when the layers are not there. */
export function normRatio(
  batch: StatisticsBatch,
  options: GradientNormRatioOptions = {},
): GradientNormRatio | undefined {
  const norms = layerGradientNorms(batch.stats);
  const first =
    options.firstLayer === undefined ? norms[0] : norms.find((n) => n.layer === options.firstLayer);
  const last =
    options.lastLayer === undefined
      ? norms[norms.length - 1]
      : norms.find((n) => n.layer === options.lastLayer);
  if (first === undefined || last === undefined || first === last) return undefined;
  const ratio = last.norm > 0 ? first.norm / last.norm : first.norm > 0 ? Infinity : 1;
  return {
    step: batch.step,
    firstLayer: first.layer,
    lastLayer: last.layer,
    firstNorm: first.norm,
    lastNorm: last.norm,
    ratio,
  };
}
