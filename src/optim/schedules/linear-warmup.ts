import { checkOption, schedule, type Schedule } from './schedule.ts';

/** Options of a linear warm-up, as PyTorch's `LinearLR`, optionally followed by another schedule. */
export interface LinearWarmupOptions {
  /** Driving events the warm-up lasts. */
  readonly steps: number;
  /** Fraction of the rate at t = 0; defaults to 1/3 as in PyTorch. */
  readonly startFactor?: number;
  /** Fraction reached at t = steps; defaults to 1. */
  readonly endFactor?: number;
  /** The schedule that takes over after the warm-up, counting from its own t = 0. */
  readonly then?: Schedule;
  /** The base rate; defaults to the rate `then` starts from, and is required without `then`. */
  readonly lr?: number;
}

/**
 * Linear warm-up, PyTorch's `LinearLR` (with `then`: `SequentialLR` with one milestone):
 * lrₜ = lr · (s + (e − s) · t / steps) for t < steps; then `then.rateAt(t − steps)`,
 * or lr · e without `then`.
 */
export function linearWarmup(options: LinearWarmupOptions): Schedule {
  const { steps, startFactor = 1 / 3, endFactor = 1, then } = options;
  const lr = options.lr ?? then?.rateAt(0);
  if (lr === undefined)
    throw new RangeError(
      `[gradstream] linearWarmup: give 'lr' (the base rate) or a schedule in 'then'.`,
    );
  checkOption(
    'linearWarmup',
    'steps',
    steps,
    Number.isInteger(steps) && steps >= 1,
    'an integer ≥ 1',
  );
  checkOption(
    'linearWarmup',
    'startFactor',
    startFactor,
    startFactor > 0 && startFactor <= 1,
    'in (0, 1]',
  );
  return schedule((t) => {
    if (then !== undefined && t >= steps) return then.rateAt(t - steps);
    return lr * (startFactor + ((endFactor - startFactor) * Math.min(t, steps)) / steps);
  });
}
