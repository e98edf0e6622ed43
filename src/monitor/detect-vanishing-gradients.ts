import { mergeMap, type OperatorFunction } from 'rxjs';
import { formatNumber, MITIGATIONS, type Alert } from './alert.ts';
import { createAlarm, type PersistenceOptions } from './alarm.ts';
import type { StatisticsBatch } from './frame-statistics.ts';
import { layerGradientNorms } from './layer-gradient-norms.ts';

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
          const isBad = norm < minNorm || ratio < minRatio;
          if (!alarm.observe(layer, isBad, batch.step)) return;
          const why =
            norm < minNorm
              ? `gradient norm ${formatNumber(norm)} is below ${formatNumber(minNorm)}`
              : `gradient norm ${formatNumber(norm)} is ${formatNumber(ratio)} of the last layer's (${formatNumber(lastNorm)}), below ${formatNumber(minRatio)}`;
          alerts.push({
            kind: 'vanishing-gradients',
            layer,
            step: batch.step,
            evidence: { norm, minNorm, ratioToLastLayer: ratio, lastLayerNorm: lastNorm, minRatio },
            message: `layer '${layer}': vanishing gradients at step ${batch.step}: ${why}`,
            mitigation: MITIGATIONS['vanishing-gradients'],
          });
        });
        return alerts;
      }),
    );
  };
}
