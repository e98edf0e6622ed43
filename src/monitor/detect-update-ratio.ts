import { mergeMap, type OperatorFunction } from 'rxjs';
import { formatNumber, MITIGATIONS, type Alert } from './alert.ts';
import { createAlarm, type PersistenceOptions } from './alarm.ts';
import type { UpdateRatioBatch } from './update-ratios.ts';

/** Options of detectUpdateRatio(). */
export interface UpdateRatioOptions extends PersistenceOptions {
  /**
   * Healthy range of a layer's ‖Δw‖/‖w‖ around the usual 1e-3 (default [1e-5, 3e-2]). The upper
   * end leaves room for Adam, whose first steps move every weight by about the learning rate.
   */
  readonly low?: number;
  readonly high?: number;
}

/**
 * Alerts when a layer's update ratio √Σ‖Δw‖² / √Σ‖w‖² (over its parameters, so a bias that
 * starts at zero does not dominate) stays outside [low, high] for `patience` observations.
 * Reads updateRatios() output. A layer whose norms are not finite is skipped (and its streak
 * starts over): that is detectNonFinite's case, and its ratio would mean nothing.
 */
export function detectUpdateRatio(
  options: UpdateRatioOptions = {},
): OperatorFunction<UpdateRatioBatch, Alert> {
  const { low = 1e-5, high = 3e-2 } = options;
  return (source) => {
    const alarm = createAlarm(options);
    return source.pipe(
      mergeMap((batch) => {
        const alerts: Alert[] = [];
        for (const [layer, { update, weight }] of layerNorms(batch)) {
          // NaN or Infinity in the weights or the update is detectNonFinite's case: no ratio.
          if (!Number.isFinite(update) || !Number.isFinite(weight)) {
            alarm.skip(layer);
            continue;
          }
          const ratio = weight > 0 ? update / weight : update > 0 ? Infinity : 0;
          if (!alarm.observe(layer, ratio < low || ratio > high, batch.step)) continue;
          const isHigh = ratio > high;
          alerts.push({
            kind: 'update-ratio',
            layer,
            step: batch.step,
            evidence: { ratio, updateNorm: update, weightNorm: weight, low, high },
            message: `layer '${layer}': updates are ${formatNumber(ratio)} of the weights at step ${batch.step}, ${isHigh ? `above ${formatNumber(high)}` : `below ${formatNumber(low)}`} (about 1e-3 is healthy)`,
            mitigation: isHigh ? MITIGATIONS['update-ratio'] : MITIGATIONS['update-ratio-low'],
          });
        }
        return alerts;
      }),
    );
  };
}

function layerNorms(batch: UpdateRatioBatch): Map<string, { update: number; weight: number }> {
  const squares = new Map<string, { update: number; weight: number }>();
  for (const r of batch.ratios) {
    const entry = squares.get(r.layer) ?? { update: 0, weight: 0 };
    entry.update += r.updateNorm * r.updateNorm;
    entry.weight += r.weightNorm * r.weightNorm;
    squares.set(r.layer, entry);
  }
  for (const entry of squares.values()) {
    entry.update = Math.sqrt(entry.update);
    entry.weight = Math.sqrt(entry.weight);
  }
  return squares;
}
