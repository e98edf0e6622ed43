import { checkOption, schedule, type Schedule } from './schedule.ts';

/** Options of step decay, as PyTorch's `StepLR`. */
export interface StepDecayOptions {
  /** The base rate. */
  readonly lr: number;
  /** Driving events between decays. */
  readonly stepSize: number;
  /** Factor applied at each decay; defaults to 0.1. */
  readonly gamma?: number;
}

/** Step decay, PyTorch's `StepLR`: lrₜ = lr · γ^⌊t / stepSize⌋. */
export function stepDecay(options: StepDecayOptions): Schedule {
  const { lr, stepSize, gamma = 0.1 } = options;
  checkOption(
    'stepDecay',
    'stepSize',
    stepSize,
    Number.isInteger(stepSize) && stepSize >= 1,
    'an integer ≥ 1',
  );
  checkOption('stepDecay', 'gamma', gamma, gamma > 0, 'a number > 0');
  return schedule((t) => lr * gamma ** Math.floor(t / stepSize));
}
