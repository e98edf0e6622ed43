import { checkOption, schedule, type Schedule } from './schedule.ts';

/** Options of cosine annealing, as PyTorch's `CosineAnnealingLR`. */
export interface CosineAnnealingOptions {
  /** The base (largest) rate. */
  readonly lr: number;
  /** Driving events from the base rate down to `etaMin`; the cosine climbs back after. */
  readonly tMax: number;
  /** The smallest rate; defaults to 0. */
  readonly etaMin?: number;
}

/**
 * Cosine annealing (Loshchilov & Hutter, 2017) without restarts, PyTorch's `CosineAnnealingLR`:
 * lrₜ = η_min + (lr − η_min) · (1 + cos(π·t / T_max)) / 2.
 * NOTE: PyTorch computes this recursively; the closed form agrees to rounding, also past T_max.
 */
export function cosineAnnealing(options: CosineAnnealingOptions): Schedule {
  const { lr, tMax, etaMin = 0 } = options;
  checkOption(
    'cosineAnnealing',
    'tMax',
    tMax,
    Number.isInteger(tMax) && tMax >= 1,
    'an integer ≥ 1',
  );
  return schedule((t) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2);
}
