import type { ParamRule } from '../nodes/node.ts';
import { GraphSpecError } from './errors.ts';
import { describe, expectation, resolveParams } from './params.ts';
import { closestName } from './unknown-fields.ts';

/** Threshold options of one detector, as the monitor functions take them. */
export type DetectorSettings = Readonly<Record<string, number>>;

/** A detector's validated settings: its thresholds, or false when the spec turns it off. */
export type DetectorSwitch = DetectorSettings | false;

/** The `monitors` block after validation: which monitors run, how often, with what thresholds. */
export interface ValidMonitors {
  /** False turns every monitor off (clipping still reports non-finite gradients). */
  readonly enabled: boolean;
  /** Gradient statistics, unit monitors and detectors run every this many steps. */
  readonly every: number;
  /** Histograms (dashboard heatmaps) every this many steps. */
  readonly histogramEvery: number;
  /** Weight statistics and update ratios every this many steps (need not divide by `every`). */
  readonly weightEvery: number;
  /** Observations in the dead/saturated unit windows. */
  readonly unitWindow: number;
  /** Whether the heatmap histograms run. */
  readonly histograms: boolean;
  /** Whether dead units of ReLU-family layers are tracked. */
  readonly deadUnits: boolean;
  /** Whether saturated units of sigmoid and tanh layers are tracked. */
  readonly saturatedUnits: boolean;
  /** Whether update-to-weight ratios are measured. */
  readonly updateRatios: boolean;
  readonly detectors: {
    readonly vanishing: DetectorSwitch;
    readonly exploding: DetectorSwitch;
    readonly nonFinite: DetectorSwitch;
    readonly dyingRelus: DetectorSwitch;
    readonly saturation: DetectorSwitch;
    readonly updateRatio: DetectorSwitch;
  };
}

type DetectorName = keyof ValidMonitors['detectors'];
type MonitorSwitch = 'histograms' | 'deadUnits' | 'saturatedUnits' | 'updateRatios';

const PATIENCE: ParamRule = { type: 'integer', min: 1 };
const COOLDOWN: ParamRule = { type: 'integer', min: 0 };
const FRACTION: ParamRule = { type: 'number', min: 0, max: 1 };
const THRESHOLD: ParamRule = { type: 'number', min: 0 };

/** Options each detector accepts (defaults live with the detectors, documented in docs/monitors.md). */
const DETECTOR_OPTIONS: Readonly<Record<DetectorName, Readonly<Record<string, ParamRule>>>> = {
  vanishing: { minNorm: THRESHOLD, minRatio: THRESHOLD, patience: PATIENCE, cooldown: COOLDOWN },
  exploding: { maxNorm: THRESHOLD, maxRatio: THRESHOLD, patience: PATIENCE, cooldown: COOLDOWN },
  nonFinite: { patience: PATIENCE, cooldown: COOLDOWN },
  dyingRelus: { maxFraction: FRACTION, patience: PATIENCE, cooldown: COOLDOWN },
  saturation: {
    maxFraction: FRACTION,
    maxValueFraction: FRACTION,
    patience: PATIENCE,
    cooldown: COOLDOWN,
  },
  updateRatio: { low: THRESHOLD, high: THRESHOLD, patience: PATIENCE, cooldown: COOLDOWN },
};

/** Whether and how often the monitors run. */
const SETTINGS: Readonly<Record<string, ParamRule>> = {
  enabled: { type: 'boolean', default: true },
  every: { type: 'integer', default: 20, min: 1 },
  histogramEvery: { type: 'integer', default: 50, min: 1 },
  weightEvery: { type: 'integer', default: 50, min: 1 },
  unitWindow: { type: 'integer', default: 5, min: 1 },
};

/** Monitors that can be turned off one by one. */
const SWITCHES: Readonly<Record<MonitorSwitch, ParamRule>> = {
  histograms: { type: 'boolean', default: true },
  deadUnits: { type: 'boolean', default: true },
  saturatedUnits: { type: 'boolean', default: true },
  updateRatios: { type: 'boolean', default: true },
};

/** The monitor each detector reads, where turning that monitor off leaves it nothing. */
const NEEDS: Partial<Record<DetectorName, MonitorSwitch>> = {
  dyingRelus: 'deadUnits',
  saturation: 'saturatedUnits',
  updateRatio: 'updateRatios',
};

/**
 * Validates a spec's `monitors` block, for example
 * `{ "every": 10, "histograms": false, "vanishing": { "minNorm": 1e-7 }, "saturation": false }`.
 * Absent, every monitor runs at its default rate with default thresholds.
 */
export function validateMonitors(raw: unknown): ValidMonitors {
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
    throw new GraphSpecError(`expected an object, got ${describe(raw)}`, undefined, 'monitors');
  }
  const given = (raw ?? {}) as Record<string, unknown>;
  rejectUnknownKeys(given);
  const rates = Object.fromEntries(Object.entries(given).filter(([k]) => !(k in DETECTOR_OPTIONS)));
  const resolved = resolveParams(
    rates,
    { ...SETTINGS, ...SWITCHES },
    { field: 'monitors', op: 'monitors' },
  ) as Omit<ValidMonitors, 'detectors'>;
  const detectors = Object.fromEntries(
    Object.keys(DETECTOR_OPTIONS).map((name) => [
      name,
      detectorSwitch(given[name], name as DetectorName, resolved),
    ]),
  ) as unknown as ValidMonitors['detectors'];
  return { ...resolved, detectors };
}

/** Throws for a key that is none of the rates, monitors or detectors, with the nearest as a guess. */
function rejectUnknownKeys(given: Record<string, unknown>): void {
  const groups = [SETTINGS, SWITCHES, DETECTOR_OPTIONS].map((group) => Object.keys(group));
  for (const key of Object.keys(given)) {
    if (groups.some((names) => names.includes(key))) continue;
    const [settings, switches, detectors] = groups.map(quoteAll);
    throw new GraphSpecError(
      `unknown key '${key}'${guess(key, groups.flat())}; 'monitors' takes the settings ${settings}, ` +
        `the monitors ${switches} and the detectors ${detectors}`,
      undefined,
      `monitors.${key}`,
    );
  }
}

/** " (did you mean 'x'?)" when a candidate is close enough to be what a typo meant. */
function guess(word: string, candidates: readonly string[]): string {
  const near = closestName(word, candidates);
  return near === undefined ? '' : ` (did you mean '${near}'?)`;
}

function quoteAll(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}

/** One detector's entry: absent or true → default thresholds, false → off, or an object of them. */
function detectorSwitch(
  raw: unknown,
  name: DetectorName,
  monitors: Omit<ValidMonitors, 'detectors'>,
): DetectorSwitch {
  const field = `monitors.${name}`;
  const needs = NEEDS[name];
  if (raw === false) return false;
  if (needs !== undefined && !monitors[needs]) {
    if (raw === undefined) return false;
    throw new GraphSpecError(
      `'${name}' reads '${needs}', which is false; drop '${name}' or set '${needs}' back to true`,
      undefined,
      field,
    );
  }
  if (raw === undefined || raw === true) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GraphSpecError(
      `expected false (off), true or an object of thresholds, got ${describe(raw)}`,
      undefined,
      field,
    );
  }
  return detectorSettings(raw as Record<string, unknown>, name, field);
}

function detectorSettings(
  raw: Record<string, unknown>,
  name: DetectorName,
  field: string,
): DetectorSettings {
  const rules = DETECTOR_OPTIONS[name];
  for (const [key, value] of Object.entries(raw)) {
    const rule = Object.hasOwn(rules, key) ? rules[key] : undefined;
    if (rule === undefined) {
      const allowed = Object.keys(rules);
      throw new GraphSpecError(
        `unknown option '${key}'${guess(key, allowed)}; '${name}' takes ${quoteAll(allowed)}`,
        undefined,
        `${field}.${key}`,
      );
    }
    if (!fits(value, rule)) {
      throw new GraphSpecError(
        `expected ${expectation(rule)}, got ${describe(value)}`,
        undefined,
        `${field}.${key}`,
      );
    }
  }
  const { low, high } = raw;
  if (typeof low === 'number' && typeof high === 'number' && low > high) {
    throw new GraphSpecError(
      `expected low ≤ high, got low ${low} and high ${high}`,
      undefined,
      `${field}.low`,
    );
  }
  return raw as DetectorSettings;
}

/** Whether a value satisfies a numeric rule (the only kind detector options have). */
function fits(value: unknown, rule: ParamRule): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.type === 'integer' && !Number.isInteger(value)) return false;
  if (rule.type !== 'integer' && rule.type !== 'number') return false;
  if (rule.min !== undefined && value < rule.min) return false;
  return rule.max === undefined || value <= rule.max;
}
