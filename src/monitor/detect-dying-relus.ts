import { filter, map, type OperatorFunction } from 'rxjs';
import { formatNumber, MITIGATIONS, type Alert } from './alert.ts';
import { createAlarm, type PersistenceOptions } from './alarm.ts';
import type { UnitReport } from './unit-report.ts';

/** Options of detectDyingRelus(); patience defaults to 1 here (see below). */
export interface DyingRelusOptions extends PersistenceOptions {
  /** Alert when more than this fraction of a layer's units is dead (default 0.25). */
  readonly maxFraction?: number;
}

/**
 * Alerts when more than `maxFraction` of a ReLU-family layer's units are dead (deadUnits()
 * output) for `patience` consecutive reports.
 * NOTE: patience defaults to 1, not 3: a dead unit is already one that output nothing over a
 * whole window of observations, so the window is the guard against a noisy step, and waiting
 * for more reports only delays the alert (by 40 steps at the default set's rates).
 */
export function detectDyingRelus(
  options: DyingRelusOptions = {},
): OperatorFunction<UnitReport, Alert> {
  const { maxFraction = 0.25 } = options;
  return (source) => {
    const alarm = createAlarm({ patience: 1, ...options });
    return source.pipe(
      map((r): Alert | undefined => {
        if (!alarm.observe(r.name, r.fraction > maxFraction, r.step)) return undefined;
        return {
          kind: 'dying-relu',
          layer: r.layer,
          step: r.step,
          evidence: {
            deadFraction: r.fraction,
            deadUnits: r.indices.length,
            units: r.units,
            window: r.window,
            maxFraction,
          },
          message: `layer '${r.layer}': ${r.indices.length} of ${r.units} units (${formatNumber(100 * r.fraction)}%) output nothing for every sample over the last ${r.window} observed steps (step ${r.step})`,
          mitigation: MITIGATIONS['dying-relu'],
        };
      }),
      filter((a): a is Alert => a !== undefined),
    );
  };
}
