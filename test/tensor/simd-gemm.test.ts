import { describe, expect, it } from 'vitest';
import { simdAvailable, simdGemm, type Strided } from '../../src/tensor/simd-gemm.ts';
import { randomTensor } from '../helpers/gradient-check.ts';

/** C = A·B by the textbook triple loop in double precision, reading through the strides. */
function naive(a: Strided, b: Strided, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += a.data[i * a.rowStride + p * a.colStride] * b.data[p * b.rowStride + j * b.colStride];
      c[i * n + j] = s;
    }
  }
  return c;
}

/** Largest absolute difference; float32 sums of k terms in [-1, 1] stay well inside 1e-6·k. */
function worstError(actual: Float32Array, expected: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

const rowMajor = (data: Float32Array, cols: number): Strided => ({
  data,
  rowStride: cols,
  colStride: 1,
});
const colMajor = (data: Float32Array, rows: number): Strided => ({
  data,
  rowStride: 1,
  colStride: rows,
});

describe('simdGemm', () => {
  it('runs here (Node 20 has WebAssembly SIMD)', () => {
    expect(simdAvailable).toBe(true);
  });

  it.each([
    [1, 1, 1],
    [4, 1, 8],
    [3, 5, 7],
    [4, 9, 8],
    [13, 17, 11],
    [64, 100, 10],
    [9, 300, 33],
  ])('matches the triple loop for m=%i, k=%i, n=%i with rows and columns as strides', (m, k, n) => {
    const aRows = rowMajor(randomTensor([m, k], 1).data, k);
    const aCols = colMajor(randomTensor([k, m], 2).data, m);
    const bRows = rowMajor(randomTensor([k, n], 3).data, n);
    const bCols = colMajor(randomTensor([n, k], 4).data, k);
    for (const [a, b] of [
      [aRows, bRows],
      [aRows, bCols],
      [aCols, bRows],
      [aCols, bCols],
    ]) {
      const c = new Float32Array(m * n).fill(NaN);
      simdGemm(a, b, c, m, k, n, false);
      expect(worstError(c, naive(a, b, m, k, n))).toBeLessThan(1e-6 * k + 1e-7);
    }
  });

  it('adds into the output when accumulating', () => {
    const [m, k, n] = [6, 5, 10];
    const a = rowMajor(randomTensor([m, k], 5).data, k);
    const b = rowMajor(randomTensor([k, n], 6).data, n);
    const start = randomTensor([m, n], 7).data;
    const c = start.slice();
    simdGemm(a, b, c, m, k, n, true);
    const expected = naive(a, b, m, k, n).map((v, i) => v + start[i]);
    expect(worstError(c, expected)).toBeLessThan(1e-6);
  });

  it('stays correct when a larger product replaces its memory and a smaller one follows', () => {
    for (const [m, k, n, seed] of [
      [8, 8, 8, 10],
      [130, 150, 120, 11],
      [5, 6, 7, 12],
    ]) {
      const a = rowMajor(randomTensor([m, k], seed).data, k);
      const b = colMajor(randomTensor([n, k], seed + 1).data, k);
      const c = new Float32Array(m * n);
      simdGemm(a, b, c, m, k, n, false);
      expect(worstError(c, naive(a, b, m, k, n))).toBeLessThan(1e-6 * k);
    }
  });

  it('propagates NaN and Infinity like the scalar kernel', () => {
    const a = rowMajor(Float32Array.from([1, NaN, 2, 3, Infinity, 1, 0, 0]), 2);
    const b = rowMajor(Float32Array.from([1, 2, 3, 4]), 2);
    const c = new Float32Array(8);
    simdGemm(a, b, c, 4, 2, 2, false);
    expect(Array.from(c)).toEqual([NaN, NaN, 11, 16, Infinity, Infinity, 0, 0]);
  });
});
