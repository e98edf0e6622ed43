/**
 * Tracks, per unit of a layer, whether it was active in each of the last `window` observations,
 * so a unit can be called inactive over the whole window. Shared by deadUnits and
 * saturatedUnits. Memory: window × units bytes plus one count per unit.
 */
export interface UnitWindow {
  readonly units: number;
  readonly window: number;
  /** Records one observation; `active[u]` is 1 when unit u was active in it. */
  push(active: Uint8Array): void;
  /** Observations recorded so far, at most the window. */
  readonly filled: number;
  /** Indices of units active in none of the observations in the window. */
  inactiveUnits(): number[];
}

/** Creates a window over `units` units and `window` observations. */
export function createUnitWindow(units: number, window: number): UnitWindow {
  // Ring of past observations, and per unit how many of them it was active in.
  const ring = new Uint8Array(units * window);
  const activeCount = new Int32Array(units);
  let next = 0;
  let filled = 0;
  return {
    units,
    window,
    push(active) {
      const offset = next * units;
      for (let u = 0; u < units; u++) {
        activeCount[u] += active[u] - ring[offset + u];
        ring[offset + u] = active[u];
      }
      next = (next + 1) % window;
      filled = Math.min(filled + 1, window);
    },
    get filled() {
      return filled;
    },
    inactiveUnits() {
      const indices: number[] = [];
      for (let u = 0; u < units; u++) if (activeCount[u] === 0) indices.push(u);
      return indices;
    },
  };
}

/** Units on the last axis of a frame's shape (the whole vector when no shape is given). */
export function unitsOf(shape: readonly number[] | undefined, length: number): number {
  const units = shape === undefined || shape.length === 0 ? length : shape[shape.length - 1];
  if (units <= 0 || length % units !== 0) {
    throw new RangeError(
      `[gradstream] unit monitor: expected values whose count is a multiple of the last axis, got ${length} values for shape [${shape?.join(', ')}]`,
    );
  }
  return units;
}

/** The window kept for a tensor name, replaced when its unit count changes. */
export function windowFor(
  windows: Map<string, UnitWindow>,
  name: string,
  units: number,
  window: number,
): UnitWindow {
  let w = windows.get(name);
  if (w === undefined || w.units !== units) {
    w = createUnitWindow(units, window);
    windows.set(name, w);
  }
  return w;
}

/** Throws a RangeError unless the window is a positive integer. */
export function checkWindow(window: number, who: string): void {
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(
      `[gradstream] ${who}: expected a window of at least 1 observation, got ${window}`,
    );
  }
}
