import { mergeMap, type OperatorFunction } from 'rxjs';
import { MITIGATIONS, type Alert } from './alert.ts';
import { createAlarm, type PersistenceOptions } from './alarm.ts';
import type { StatisticsBatch } from './frame-statistics.ts';
import { layerGradientNorms } from './layer-gradient-norms.ts';

/**
 * One layer's gradient norm as a norm detector sees it: `ratio` is the first layer's norm over the
 * last layer's (1 for every other layer, or when the last layer's norm is 0).
 */
export interface LayerNormObservation {
  readonly norm: number;
  readonly ratio: number;
  readonly lastNorm: number;
}

/** How a norm detector judges a layer: why it is bad in words (undefined when it is fine), and the evidence. */
export interface LayerNormRule {
  readonly kind: 'exploding-gradients' | 'vanishing-gradients';
  problemOf(observation: LayerNormObservation): string | undefined;
  evidenceOf(observation: LayerNormObservation): Readonly<Record<string, number>>;
}

/**
 * The operator behind detectExplodingGradients and detectVanishingGradients: per statistics
 * batch, judges each layer's gradient norm by the rule and alerts once it was bad for `patience`
 * consecutive observations. A layer with non-finite gradients is left to detectNonFinite, and
 * its streak starts over.
 */
export function gradientNormDetector(
  options: PersistenceOptions,
  rule: LayerNormRule,
): OperatorFunction<StatisticsBatch, Alert> {
  return (source) => {
    const alarm = createAlarm(options);
    return source.pipe(
      mergeMap((batch) => {
        const norms = layerGradientNorms(batch.stats);
        if (norms.length === 0) return [];
        const lastNorm = norms[norms.length - 1].norm;
        const alerts: Alert[] = [];
        norms.forEach(({ layer, norm, nonFinite }, i) => {
          // NOTE: a norm with NaN or Inf in it says nothing about vanishing or exploding, so
          // it breaks the streak ("consecutive" means consecutive judged observations) and is
          // left to detectNonFinite; bad, NaN, bad is a streak of 1, not 2 or 3.
          if (nonFinite > 0) {
            alarm.skip(layer);
            return;
          }
          const ratio = i === 0 && norms.length > 1 && lastNorm > 0 ? norm / lastNorm : 1;
          const observation = { norm, ratio, lastNorm };
          const why = rule.problemOf(observation);
          if (!alarm.observe(layer, why !== undefined, batch.step)) return;
          const what = rule.kind.replace('-', ' ');
          alerts.push({
            kind: rule.kind,
            layer,
            step: batch.step,
            evidence: rule.evidenceOf(observation),
            message: `layer '${layer}': ${what} at step ${batch.step}: ${why}`,
            mitigation: MITIGATIONS[rule.kind],
          });
        });
        return alerts;
      }),
    );
  };
}
