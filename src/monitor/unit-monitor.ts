import { filter, map, mergeMap, type OperatorFunction } from 'rxjs';
import { framesOf, kindOf, type MonitorInput } from './monitor-frame.ts';
import { sampleEvery } from './sample-every.ts';
import { unitReport, type UnitReport } from './unit-report.ts';
import { unitsOf, windowFor, type UnitWindow } from './unit-window.ts';

/**
 * Marks the active units of one frame: sets `active[u] = 1` when some sample of unit u is active
 * (`active` arrives zeroed) and returns how many values were inactive.
 */
export type MarkActiveUnits = (
  values: ArrayLike<number>,
  units: number,
  active: Uint8Array,
) => number;

/**
 * The operator behind deadUnits and saturatedUnits: per activation frame, marks which units on the
 * last axis were active, pushes that into the frame's window and emits a UnitReport once the
 * window is full.
 */
export function unitMonitor(
  window: number,
  every: number,
  markActive: MarkActiveUnits,
): OperatorFunction<MonitorInput, UnitReport> {
  return (source) => {
    // Per-subscription state: one window per activation name, and a scratch buffer of flags.
    const windows = new Map<string, UnitWindow>();
    let active = new Uint8Array(0);
    return source.pipe(
      sampleEvery<MonitorInput>(every),
      mergeMap((input) => framesOf(input).filter((f) => kindOf(f) === 'activation')),
      map((frame) => {
        const units = unitsOf(frame.shape, frame.values.length);
        if (active.length !== units) active = new Uint8Array(units);
        active.fill(0);
        const inactiveValues = markActive(frame.values, units, active);
        const w = windowFor(windows, frame.name, units, window);
        w.push(active);
        return unitReport(frame, w, inactiveValues / frame.values.length);
      }),
      filter((r): r is UnitReport => r !== undefined),
    );
  };
}
