import { GraphSpecError } from './errors.ts';
import { describe, resolveParams } from './params.ts';

/** Threshold options of one detector, as the monitor functions take them. */
export type DetectorSettings = Readonly<Record<string, number>>;

/** The `monitors` block after validation: which monitors run, how often, with what thresholds. */
export interface ValidMonitors {
  readonly enabled: boolean;
  /** Gradient statistics, unit monitors and detectors run every this many steps. */
  readonly every: number;
  /** Histograms (dashboard heatmaps) every this many steps. */
  readonly histogramEvery: number;
  /** Weight statistics and update ratios every this many steps. */
  readonly weightEvery: number;
  /** Observations in the dead/saturated unit windows. */
  readonly unitWindow: number;
  readonly detectors: {
    readonly vanishing: DetectorSettings;
    readonly exploding: DetectorSettings;
    readonly nonFinite: DetectorSettings;
    readonly dyingRelus: DetectorSettings;
    readonly saturation: DetectorSettings;
    readonly updateRatio: DetectorSettings;
  };
}

/** Options each detector accepts (defaults live with the detectors, documented in docs/monitors.md). */
const DETECTOR_OPTIONS: Readonly<Record<keyof ValidMonitors['detectors'], readonly string[]>> = {
  vanishing: ['minNorm', 'minRatio', 'patience', 'cooldown'],
  exploding: ['maxNorm', 'maxRatio', 'patience', 'cooldown'],
  nonFinite: ['patience', 'cooldown'],
  dyingRelus: ['maxFraction', 'patience', 'cooldown'],
  saturation: ['maxFraction', 'maxValueFraction', 'patience', 'cooldown'],
  updateRatio: ['low', 'high', 'patience', 'cooldown'],
};

/**
 * Validates a spec's `monitors` block, for example
 * `{ "every": 10, "histogramEvery": 50, "vanishing": { "minNorm": 1e-7 } }`.
 * Absent, every monitor runs at its default rate with default thresholds.
 */
export function validateMonitors(raw: unknown): ValidMonitors {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new GraphSpecError(`expected an object, got ${describe(raw)}`, undefined, 'monitors');
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  const detectorNames = Object.keys(DETECTOR_OPTIONS);
  const rates = Object.fromEntries(
    Object.entries(given).filter(([k]) => !detectorNames.includes(k)),
  );
  const resolved = resolveParams(
    rates,
    {
      enabled: { type: 'boolean', default: true },
      every: { type: 'integer', default: 20, min: 1 },
      histogramEvery: { type: 'integer', default: 50, min: 1 },
      weightEvery: { type: 'integer', default: 50, min: 1 },
      unitWindow: { type: 'integer', default: 10, min: 1 },
    },
    { field: 'monitors', op: 'monitors' },
  );
  const detectors = Object.fromEntries(
    Object.entries(DETECTOR_OPTIONS).map(([name, allowed]) => [
      name,
      detectorSettings(given[name], name, allowed),
    ]),
  ) as unknown as ValidMonitors['detectors'];
  return { ...(resolved as Omit<ValidMonitors, 'detectors'>), detectors };
}

function detectorSettings(
  raw: unknown,
  name: string,
  allowed: readonly string[],
): DetectorSettings {
  if (raw === undefined) return {};
  const field = `monitors.${name}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GraphSpecError(
      `expected an object of thresholds, got ${describe(raw)}`,
      undefined,
      field,
    );
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!allowed.includes(key)) {
      throw new GraphSpecError(
        `unknown option '${key}'; '${name}' takes ${allowed.map((a) => `'${a}'`).join(', ')}`,
        undefined,
        `${field}.${key}`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new GraphSpecError(
        `expected a finite number ≥ 0, got ${describe(value)}`,
        undefined,
        `${field}.${key}`,
      );
    }
  }
  return raw as DetectorSettings;
}
