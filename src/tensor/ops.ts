/**
 * Elementwise, row-wise and reduction kernels on flat float32 buffers.
 * Each writes into an output buffer the caller owns, so steps reuse memory.
 */

/** out[r, c] = x[r, c] + bias[c] for a [rows, cols] buffer. */
export function addBiasRows(
  x: Float32Array,
  bias: Float32Array,
  out: Float32Array,
  cols: number,
): void {
  for (let base = 0; base < x.length; base += cols) {
    for (let c = 0; c < cols; c++) out[base + c] = x[base + c] + bias[c];
  }
}

/** out[c] (+)= Σ_r x[r, c]: the bias gradient of a [rows, cols] upstream gradient. */
export function sumRows(
  x: Float32Array,
  out: Float32Array,
  cols: number,
  accumulate = false,
): void {
  if (!accumulate) out.fill(0);
  for (let base = 0; base < x.length; base += cols) {
    for (let c = 0; c < cols; c++) out[c] += x[base + c];
  }
}

/** The largest of x[base], …, x[base + width − 1]: the shift m that keeps every e^(x − m) ≤ 1. */
export function rowMax(x: Float32Array | Float64Array, base: number, width: number): number {
  let max = -Infinity;
  for (let c = 0; c < width; c++) if (x[base + c] > max) max = x[base + c];
  return max;
}

/** Σ_c e^(x[base + c] − shift) over one row of `width` values. */
export function rowSumExp(
  x: Float32Array | Float64Array,
  base: number,
  width: number,
  shift: number,
): number {
  let sum = 0;
  for (let c = 0; c < width; c++) sum += Math.exp(x[base + c] - shift);
  return sum;
}

/** Index of the largest value in each row of a [rows, cols] buffer. */
export function argmaxRows(x: Float32Array, cols: number, out: Int32Array): void {
  for (let r = 0, base = 0; base < x.length; r++, base += cols) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (x[base + c] > x[base + best]) best = c;
    out[r] = best;
  }
}

/** out += x elementwise. */
export function addInto(out: Float32Array, x: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] += x[i];
}

/** Σ x, accumulated in double precision. */
export function sum(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

/** Σ x², accumulated in double precision. */
export function sumOfSquares(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}

/** The L2 norm √Σx². */
export function l2Norm(x: Float32Array): number {
  return Math.sqrt(sumOfSquares(x));
}
