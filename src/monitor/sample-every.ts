import { filter, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Lets through emissions whose step is a multiple of `every` (every ≤ 1 passes all). Deciding
 * by step rather than by count keeps separate streams (gradients, updates, activations) on the
 * same steps, so their samples can be joined.
 */
export function sampleEvery<T extends { readonly step: number }>(
  every: number,
): MonoTypeOperatorFunction<T> {
  if (!(every >= 1) || !Number.isInteger(every)) {
    throw new RangeError(`[gradstream] sampleEvery: expected a positive integer, got ${every}`);
  }
  return filter((x) => every === 1 || x.step % every === 0);
}
