/** σ(t) = 1 / (1 + e^(−t)) in double precision without overflow: e^t / (1 + e^t) for t < 0. */
export function stableSigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}
