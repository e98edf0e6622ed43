import type { OperatorFunction } from 'rxjs';
import { formatNumber, type Alert } from './alert.ts';
import type { PersistenceOptions } from './alarm.ts';
import type { StatisticsBatch } from './frame-statistics.ts';
import { gradientNormDetector } from './gradient-norm-detector.ts';

/** Options of detectExplodingGradients(). */
export interface ExplodingGradientsOptions extends PersistenceOptions {
  /** A layer whose gradient norm √Σ‖g‖² exceeds this is exploding (default 100). */
  readonly maxNorm?: number;
  /** The first layer is exploding when its norm / the last layer's exceeds this (default 1e3). */
  readonly maxRatio?: number;
}

/**
 * Alerts when a layer's gradients explode: its gradient norm exceeds `maxNorm`, or (for the
 * first layer) its norm exceeds `maxRatio` times the last layer's, for `patience` consecutive
 * observations. Reads frameStatistics() output with gradient frames.
 */
export function detectExplodingGradients(
  options: ExplodingGradientsOptions = {},
): OperatorFunction<StatisticsBatch, Alert> {
  const { maxNorm = 100, maxRatio = 1e3 } = options;
  return gradientNormDetector(options, {
    kind: 'exploding-gradients',
    problemOf: ({ norm, ratio, lastNorm }) => {
      if (norm > maxNorm) {
        return `gradient norm ${formatNumber(norm)} exceeds ${formatNumber(maxNorm)}`;
      }
      if (ratio > maxRatio) {
        return `gradient norm ${formatNumber(norm)} is ${formatNumber(ratio)}× the last layer's (${formatNumber(lastNorm)}), above ${formatNumber(maxRatio)}`;
      }
      return undefined;
    },
    evidenceOf: ({ norm, ratio, lastNorm }) => ({
      norm,
      maxNorm,
      ratioToLastLayer: ratio,
      lastLayerNorm: lastNorm,
      maxRatio,
    }),
  });
}
