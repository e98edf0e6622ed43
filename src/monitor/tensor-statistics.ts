/** Summary statistics of one tensor's values, as written to `--stats-out` and sent to the dashboard. */
export interface TensorStatistics {
  /** L2 norm √Σx² over finite values. */
  readonly norm: number;
  readonly mean: number;
  /** Population standard deviation. */
  readonly std: number;
  /** Largest |x| over finite values. */
  readonly maxAbs: number;
  /** Fraction of values exactly 0. */
  readonly zeroFraction: number;
  readonly nanCount: number;
  readonly infCount: number;
  /** nanCount + infCount. */
  readonly nonFinite: number;
}

/**
 * Computes statistics in one pass, in double precision. NaN and ±Inf are counted, not summed,
 * so one bad value does not hide the shape of the rest. Empty input gives zeros.
 */
export function tensorStatistics(values: ArrayLike<number>): TensorStatistics {
  // Fast path: no branch for NaN/Inf per element; a non-finite sum sends us to the careful pass.
  let sum = 0;
  let sumSquares = 0;
  let maxAbs = 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sum += v;
    sumSquares += v * v;
    const a = Math.abs(v);
    maxAbs = a > maxAbs ? a : maxAbs;
    zeros += v === 0 ? 1 : 0;
  }
  if (Number.isFinite(sumSquares))
    return summarize(values.length, sum, sumSquares, maxAbs, zeros, 0, 0);
  return carefulStatistics(values);
}

/** The same statistics with NaN and ±Inf counted and left out of the sums. */
function carefulStatistics(values: ArrayLike<number>): TensorStatistics {
  let sum = 0;
  let sumSquares = 0;
  let maxAbs = 0;
  let zeros = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) {
      nanCount++;
      continue;
    }
    if (v === Infinity || v === -Infinity) {
      infCount++;
      continue;
    }
    sum += v;
    sumSquares += v * v;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (v === 0) zeros++;
  }
  return summarize(values.length, sum, sumSquares, maxAbs, zeros, nanCount, infCount);
}

function summarize(
  length: number,
  sum: number,
  sumSquares: number,
  maxAbs: number,
  zeros: number,
  nanCount: number,
  infCount: number,
): TensorStatistics {
  const finite = length - nanCount - infCount;
  const mean = finite > 0 ? sum / finite : 0;
  const variance = finite > 0 ? Math.max(0, sumSquares / finite - mean * mean) : 0;
  return {
    norm: Math.sqrt(sumSquares),
    mean,
    std: Math.sqrt(variance),
    maxAbs,
    zeroFraction: length > 0 ? zeros / length : 0,
    nanCount,
    infCount,
    nonFinite: nanCount + infCount,
  };
}
