import type { OperatorFunction } from 'rxjs';
import type { MonitorInput } from './monitor-frame.ts';
import { unitMonitor } from './unit-monitor.ts';
import type { UnitReport } from './unit-report.ts';
import { checkWindow } from './unit-window.ts';

/** Activations whose saturation can be read from the output alone. */
export type SaturatingActivation = 'sigmoid' | 'tanh';

/** Options of saturatedUnits(). */
export interface SaturatedUnitsOptions {
  /** Which activation produced the frames (default 'sigmoid'). */
  readonly activation?: SaturatingActivation;
  /**
   * A value counts as saturated when the activation's derivative there is below this
   * (default 0.01; σ' peaks at 0.25, tanh' at 1): σ' < 0.01 means |x| > 4.6, tanh' < 0.01 |x| > 3.
   */
  readonly threshold?: number;
  /** Observations a unit must stay saturated for every sample (default 20). */
  readonly window?: number;
  /** Observe steps that are multiples of this (default 1). */
  readonly every?: number;
}

/**
 * Finds saturated sigmoid or tanh units from their outputs y, using the derivative in terms of
 * y: σ'(x) = y(1 − y), tanh'(x) = 1 − y². A unit (last axis) is saturated when its derivative
 * stayed below the threshold for every sample of every observed step in the window. Emits one
 * UnitReport per activation frame once its window is full.
 */
export function saturatedUnits(
  options: SaturatedUnitsOptions = {},
): OperatorFunction<MonitorInput, UnitReport> {
  const { window = 20, threshold = 0.01, activation = 'sigmoid' } = options;
  checkWindow(window, 'saturatedUnits');
  if (activation !== 'sigmoid' && activation !== 'tanh') {
    throw new RangeError(
      `[gradstream] saturatedUnits: expected activation 'sigmoid' or 'tanh', got '${activation}'`,
    );
  }
  const isTanh = activation === 'tanh';
  return unitMonitor(window, options.every ?? 1, (values, units, active) =>
    markUnsaturated(values, units, threshold, isTanh, active),
  );
}

/** Sets active[u] = 1 when some sample of unit u has derivative ≥ threshold; returns the saturated count. */
function markUnsaturated(
  values: ArrayLike<number>,
  units: number,
  threshold: number,
  isTanh: boolean,
  active: Uint8Array,
): number {
  let saturated = 0;
  for (let row = 0; row < values.length; row += units) {
    for (let u = 0; u < units; u++) {
      const y = values[row + u];
      const dydx = isTanh ? 1 - y * y : y * (1 - y);
      // NOTE: `!(d < t)` counts NaN as unsaturated: non-finite values are another detector's job.
      if (!(dydx < threshold)) active[u] = 1;
      else saturated++;
    }
  }
  return saturated;
}
