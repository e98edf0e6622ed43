import { mergeMap, type OperatorFunction } from 'rxjs';
import { formatNumber, MITIGATIONS, type Alert } from './alert.ts';
import { createAlarm, type PersistenceOptions } from './alarm.ts';
import type { StatisticsBatch } from './frame-statistics.ts';
import { layerGradientNorms } from './layer-gradient-norms.ts';

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
  return (source) => {
    const alarm = createAlarm(options);
    return source.pipe(
      mergeMap((batch) => {
        const norms = layerGradientNorms(batch.stats);
        if (norms.length === 0) return [];
        const lastNorm = norms[norms.length - 1].norm;
        const alerts: Alert[] = [];
        norms.forEach(({ layer, norm, nonFinite }, i) => {
          if (nonFinite > 0) return; // the non-finite detector's case, not this one's
          const ratio = i === 0 && norms.length > 1 && lastNorm > 0 ? norm / lastNorm : 1;
          const isBad = norm > maxNorm || ratio > maxRatio;
          if (!alarm.observe(layer, isBad, batch.step)) return;
          const why =
            norm > maxNorm
              ? `gradient norm ${formatNumber(norm)} exceeds ${formatNumber(maxNorm)}`
              : `gradient norm ${formatNumber(norm)} is ${formatNumber(ratio)}× the last layer's (${formatNumber(lastNorm)}), above ${formatNumber(maxRatio)}`;
          alerts.push({
            kind: 'exploding-gradients',
            layer,
            step: batch.step,
            evidence: { norm, maxNorm, ratioToLastLayer: ratio, lastLayerNorm: lastNorm, maxRatio },
            message: `layer '${layer}': exploding gradients at step ${batch.step}: ${why}`,
            mitigation: MITIGATIONS['exploding-gradients'],
          });
        });
        return alerts;
      }),
    );
  };
}
