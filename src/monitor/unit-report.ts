import { kindOf, layerOf, type FrameKind, type MonitorFrame } from './monitor-frame.ts';
import type { UnitWindow } from './unit-window.ts';

/** Units of one layer that stayed inactive (dead, or saturated) over a window of observations. */
export interface UnitReport {
  readonly name: string;
  readonly layer: string;
  readonly kind: FrameKind;
  readonly step: number;
  /** Units on the last axis. */
  readonly units: number;
  /** Observations (sampled steps) the window spans. */
  readonly window: number;
  /** Indices of the inactive units, ascending. */
  readonly indices: readonly number[];
  /** indices.length / units. */
  readonly fraction: number;
  /** Fraction of all values in this step's frame that were inactive (a per-step view). */
  readonly valueFraction: number;
}

/** The report for a frame's window, or undefined while the window is not yet full. */
export function unitReport(
  frame: MonitorFrame,
  w: UnitWindow,
  valueFraction: number,
): UnitReport | undefined {
  if (w.filled < w.window) return undefined;
  const indices = w.inactiveUnits();
  return {
    name: frame.name,
    layer: layerOf(frame),
    kind: kindOf(frame),
    step: frame.step,
    units: w.units,
    window: w.window,
    indices,
    fraction: indices.length / w.units,
    valueFraction,
  };
}
