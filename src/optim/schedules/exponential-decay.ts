import { checkOption, schedule, type Schedule } from './schedule.ts';

/** Options of exponential decay, as PyTorch's `ExponentialLR`. */
export interface ExponentialDecayOptions {
  /** The base rate. */
  readonly lr: number;
  /** Factor applied at every driving event. */
  readonly gamma: number;
}

/** Exponential decay, PyTorch's `ExponentialLR`: lrₜ = lr · γᵗ. */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const { lr, gamma } = options;
  checkOption('exponentialDecay', 'gamma', gamma, gamma > 0, 'a number > 0');
  return schedule((t) => lr * gamma ** t);
}
