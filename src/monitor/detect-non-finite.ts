import { mergeMap, type OperatorFunction } from 'rxjs';
import { MITIGATIONS, type Alert } from './alert.ts';
import { createAlarm, type PersistenceOptions } from './alarm.ts';
import type { FrameStatistics, StatisticsBatch } from './frame-statistics.ts';

/** Options of detectNonFinite(); patience defaults to 2 here (see below). */
export type NonFiniteDetectorOptions = PersistenceOptions;

/**
 * Alerts when a layer's frames (gradients, weights, updates or activations) hold NaN or ±Inf
 * for `patience` consecutive observations.
 * NOTE: patience defaults to 2, not 3: one overflowing step may be skipped by a trainer (loss
 * scaling does this), but a NaN that reached the weights stays, so waiting longer only delays.
 */
export function detectNonFinite(
  options: NonFiniteDetectorOptions = {},
): OperatorFunction<StatisticsBatch, Alert> {
  return (source) => {
    const alarm = createAlarm({ patience: 2, ...options });
    return source.pipe(
      mergeMap((batch) => {
        const alerts: Alert[] = [];
        for (const [layer, all] of groupByLayer(batch.stats)) {
          // One streak per layer and kind: gradients, weights and activations may be sampled on
          // different steps, and each should count only its own observations.
          const kinds = [...new Set(all.map((s) => s.kind))];
          const fired = kinds.filter((kind) => {
            const hasBad = all.some((s) => s.kind === kind && s.nonFinite > 0);
            return alarm.observe(`${layer}:${kind}`, hasBad, batch.step);
          });
          if (fired.length === 0) continue;
          const stats = all.filter((s) => fired.includes(s.kind));
          const nanCount = sum(stats, 'nanCount');
          const infCount = sum(stats, 'infCount');
          const where = stats.filter((s) => s.nonFinite > 0).map((s) => `${s.kind} '${s.name}'`);
          alerts.push({
            kind: 'non-finite',
            layer,
            step: batch.step,
            evidence: { nanCount, infCount, values: sum(stats, 'count') },
            message: `layer '${layer}': ${nanCount} NaN and ${infCount} infinite values at step ${batch.step}, in ${where.join(', ')}`,
            mitigation: MITIGATIONS['non-finite'],
          });
        }
        return alerts;
      }),
    );
  };
}

function groupByLayer(stats: readonly FrameStatistics[]): Map<string, FrameStatistics[]> {
  const groups = new Map<string, FrameStatistics[]>();
  for (const s of stats) {
    const group = groups.get(s.layer);
    if (group === undefined) groups.set(s.layer, [s]);
    else group.push(s);
  }
  return groups;
}

function sum(stats: readonly FrameStatistics[], key: 'nanCount' | 'infCount' | 'count'): number {
  let total = 0;
  for (const s of stats) total += s[key];
  return total;
}
