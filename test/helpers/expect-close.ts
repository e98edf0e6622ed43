import { expect } from 'vitest';

/**
 * Expects each element within `tolerance` of the reference, relative to |expected| where that
 * exceeds 1; names the first element that misses.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance = 2e-5,
): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(
      Math.abs(actual[i] - expected[i]),
      `element ${i}: ${actual[i]} vs ${expected[i]}`,
    ).toBeLessThan(tolerance * Math.max(1, Math.abs(expected[i])));
  }
}

/** Largest |a − b| / max(1, |b|) over two arrays, which must have one length. */
export function maxRelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  }
  return worst;
}
