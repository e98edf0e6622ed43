import type { OperatorFunction } from 'rxjs';
import { formatNumber, type Alert } from './alert.ts';
import type { PersistenceOptions } from './alarm.ts';
import type { StatisticsBatch } from './frame-statistics.ts';
import { gradientNormDetector } from './gradient-norm-detector.ts';

/** Options of detectVanishingGradients(). */
export interface VanishingGradientsOptions extends PersistenceOptions {
  /** A layer whose gradient norm √Σ‖g‖² is below this is vanishing (default 1e-6). */
  readonly minNorm?: number;
  /** The first layer is vanishing when its norm / the last layer's is below this (default 1e-3). */
  readonly minRatio?: number;
}

/**
 * Alerts when a layer's gradients vanish: its gradient norm falls below `minNorm`, or (for the
 * first layer) its norm is below `minRatio` times the last layer's, for `patience` consecutive
 * observations. Reads frameStatistics() output with gradient frames.
 */
export function detectVanishingGradients(
  options: VanishingGradientsOptions = {},
): OperatorFunction<StatisticsBatch, Alert> {
  const { minNorm = 1e-6, minRatio = 1e-3 } = options;
  return gradientNormDetector(options, {
    kind: 'vanishing-gradients',
    problemOf: ({ norm, ratio, lastNorm }) => {
      if (norm < minNorm) {
        return `gradient norm ${formatNumber(norm)} is below ${formatNumber(minNorm)}`;
      }
      if (ratio < minRatio) {
        return `gradient norm ${formatNumber(norm)} is ${formatNumber(ratio)} of the last layer's (${formatNumber(lastNorm)}), below ${formatNumber(minRatio)}`;
      }
      return undefined;
    },
    evidenceOf: ({ norm, ratio, lastNorm }) => ({
      norm,
      minNorm,
      ratioToLastLayer: ratio,
      lastLayerNorm: lastNorm,
      minRatio,
    }),
  });
}
