import type { OperatorFunction } from 'rxjs';
import type { MonitorInput } from './monitor-frame.ts';
import { unitMonitor } from './unit-monitor.ts';
import type { UnitReport } from './unit-report.ts';
import { checkWindow } from './unit-window.ts';

/** Options of deadUnits(). */
export interface DeadUnitsOptions {
  /** Observations a unit must stay at or below `threshold` to count as dead (default 20). */
  readonly window?: number;
  /**
   * A value counts as inactive when y ≤ threshold (default 0): for ReLU that is y = 0; for
   * leaky ReLU and ELU, y ≤ 0 is the flat, low-gradient side.
   */
  readonly threshold?: number;
  /** Observe steps that are multiples of this (default 1). */
  readonly every?: number;
}

/**
 * Finds dead ReLU-family units: per unit on the last axis of activation frames ([batch, units]
 * or [batch, ..., units]), those whose output was ≤ threshold for every sample of every
 * observed step in the window. Emits one UnitReport per activation frame once its window is full.
 */
export function deadUnits(
  options: DeadUnitsOptions = {},
): OperatorFunction<MonitorInput, UnitReport> {
  const { window = 20, threshold = 0 } = options;
  checkWindow(window, 'deadUnits');
  return unitMonitor(window, options.every ?? 1, (values, units, active) =>
    markAboveThreshold(values, units, threshold, active),
  );
}

/** Sets active[u] = 1 when some sample of unit u is above threshold; returns the other values' count. */
function markAboveThreshold(
  values: ArrayLike<number>,
  units: number,
  threshold: number,
  active: Uint8Array,
): number {
  let inactive = 0;
  for (let row = 0; row < values.length; row += units) {
    for (let u = 0; u < units; u++) {
      // NOTE: `!(y <= t)` counts NaN as active: non-finite values are another detector's job.
      if (!(values[row + u] <= threshold)) active[u] = 1;
      else inactive++;
    }
  }
  return inactive;
}
