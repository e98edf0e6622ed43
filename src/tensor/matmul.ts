/**
 * Matrix multiply kernels on row-major float32 buffers.
 *
 * All three forms funnel into one strided kernel; the transposed forms only change strides, so
 * no transpose is ever materialised by the caller. Products big enough to repay packing go to
 * the WebAssembly SIMD kernel (simd-gemm.ts, float32 sums, about 3–6× faster on the shapes of
 * a dense layer); small ones, and hosts without WebAssembly SIMD, use a scalar 4×4 register
 * tile: sixteen running sums stay in registers while the shared axis is walked, so each loaded
 * value is used four times (see shared/PERFORMANCE.md).
 */
import { simdAvailable, simdGemm, type Strided } from './simd-gemm.ts';

/** Below this many multiply-adds (m·k·n), packing for the SIMD kernel costs more than it saves. */
const SIMD_MIN_WORK = 4096;

/**
 * C[m, n] (+)= A[m, k] · B[k, n].
 * With `accumulate`, adds into C instead of overwriting it (used when gradients sum).
 */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  gemm(
    { data: a, rowStride: k, colStride: 1 },
    { data: b, rowStride: n, colStride: 1 },
    c,
    m,
    k,
    n,
    accumulate,
  );
}

/** C[m, n] (+)= A[m, k] · Bᵀ, where B is stored as [n, k]. */
export function matmulTransB(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  gemm(
    { data: a, rowStride: k, colStride: 1 },
    { data: b, rowStride: 1, colStride: k },
    c,
    m,
    k,
    n,
    accumulate,
  );
}

/** C[m, n] (+)= Aᵀ · B[k, n], where A is stored as [k, m]. */
export function matmulTransA(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  gemm(
    { data: a, rowStride: 1, colStride: m },
    { data: b, rowStride: n, colStride: 1 },
    c,
    m,
    k,
    n,
    accumulate,
  );
}

function gemm(
  a: Strided,
  b: Strided,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  if (simdAvailable && m * k * n >= SIMD_MIN_WORK) {
    simdGemm(a, b, c, m, k, n, accumulate);
    return;
  }
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) tile4x4(a, b, c, i, j, k, n, accumulate);
    for (let j = n4; j < n; j++) {
      for (let r = 0; r < 4; r++) dotInto(a, b, c, i + r, j, k, n, accumulate);
    }
  }
  for (let i = m4; i < m; i++) {
    for (let j = 0; j < n; j++) dotInto(a, b, c, i, j, k, n, accumulate);
  }
}

function tile4x4(
  a: Strided,
  b: Strided,
  c: Float32Array,
  i: number,
  j: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  const ad = a.data;
  const bd = b.data;
  const ars = a.rowStride;
  const acs = a.colStride;
  const brs = b.rowStride;
  const bcs = b.colStride;
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let ap = i * ars;
  let bp = j * bcs;
  for (let p = 0; p < k; p++) {
    const a0 = ad[ap],
      a1 = ad[ap + ars],
      a2 = ad[ap + 2 * ars],
      a3 = ad[ap + 3 * ars];
    const b0 = bd[bp],
      b1 = bd[bp + bcs],
      b2 = bd[bp + 2 * bcs],
      b3 = bd[bp + 3 * bcs];
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    ap += acs;
    bp += brs;
  }
  const r0 = i * n + j;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  if (accumulate) {
    c[r0] += c00;
    c[r0 + 1] += c01;
    c[r0 + 2] += c02;
    c[r0 + 3] += c03;
    c[r1] += c10;
    c[r1 + 1] += c11;
    c[r1 + 2] += c12;
    c[r1 + 3] += c13;
    c[r2] += c20;
    c[r2 + 1] += c21;
    c[r2 + 2] += c22;
    c[r2 + 3] += c23;
    c[r3] += c30;
    c[r3 + 1] += c31;
    c[r3 + 2] += c32;
    c[r3 + 3] += c33;
  } else {
    c[r0] = c00;
    c[r0 + 1] = c01;
    c[r0 + 2] = c02;
    c[r0 + 3] = c03;
    c[r1] = c10;
    c[r1 + 1] = c11;
    c[r1 + 2] = c12;
    c[r1 + 3] = c13;
    c[r2] = c20;
    c[r2 + 1] = c21;
    c[r2 + 2] = c22;
    c[r2 + 3] = c23;
    c[r3] = c30;
    c[r3 + 1] = c31;
    c[r3 + 2] = c32;
    c[r3 + 3] = c33;
  }
}

function dotInto(
  a: Strided,
  b: Strided,
  c: Float32Array,
  i: number,
  j: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  let sum = 0;
  let ap = i * a.rowStride;
  let bp = j * b.colStride;
  for (let p = 0; p < k; p++) {
    sum += a.data[ap] * b.data[bp];
    ap += a.colStride;
    bp += b.rowStride;
  }
  const at = i * n + j;
  c[at] = accumulate ? c[at] + sum : sum;
}
