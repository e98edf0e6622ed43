import { filter, map, type OperatorFunction } from 'rxjs';
import { formatNumber, MITIGATIONS, type Alert } from './alert.ts';
import { createAlarm, type PersistenceOptions } from './alarm.ts';
import type { UnitReport } from './unit-report.ts';

/** Options of detectSaturation(). */
export interface SaturationOptions extends PersistenceOptions {
  /** Alert when more than this fraction of a layer's units is saturated (default 0.25). */
  readonly maxFraction?: number;
  /**
   * Or when more than this fraction of all the layer's values at the reported step had a
   * derivative below the threshold (default 0.5): most samples stuck, though no unit always.
   */
  readonly maxValueFraction?: number;
}

/**
 * Alerts when more than `maxFraction` of a sigmoid or tanh layer's units are saturated (saturatedUnits() output), or
 * more than `maxValueFraction` of its values, for `patience` consecutive reports.
 */
export function detectSaturation(
  options: SaturationOptions = {},
): OperatorFunction<UnitReport, Alert> {
  const { maxFraction = 0.25, maxValueFraction = 0.5 } = options;
  return (source) => {
    const alarm = createAlarm(options);
    return source.pipe(
      map((r): Alert | undefined => {
        if (
          !alarm.observe(
            r.name,
            r.fraction > maxFraction || r.valueFraction > maxValueFraction,
            r.step,
          )
        )
          return undefined;
        return {
          kind: 'saturation',
          layer: r.layer,
          step: r.step,
          evidence: {
            saturatedFraction: r.fraction,
            saturatedUnits: r.indices.length,
            units: r.units,
            window: r.window,
            maxFraction,
            valueFraction: r.valueFraction,
            maxValueFraction,
          },
          message: `layer '${r.layer}': ${r.indices.length} of ${r.units} units (${formatNumber(100 * r.fraction)}%) had a derivative below the threshold for every sample over the last ${r.window} observed steps, and ${formatNumber(100 * r.valueFraction)}% of its values at step ${r.step}`,
          mitigation: MITIGATIONS.saturation,
        };
      }),
      filter((a): a is Alert => a !== undefined),
    );
  };
}
