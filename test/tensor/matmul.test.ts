import { describe, expect, it } from 'vitest';
import { matmul, matmulTransA, matmulTransB } from '../../src/tensor/matmul.ts';
import { randomTensor } from '../helpers/gradient-check.ts';

/** C = A·B by the textbook triple loop, in double precision. */
function naive(
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
  m: number,
  k: number,
  n: number,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] += a(i, p) * b(p, j);
  return c;
}

function expectClose(actual: Float32Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
}

describe('matmul kernels', () => {
  it.each([
    [1, 1, 1],
    [4, 4, 4],
    [5, 7, 3],
    [9, 13, 6],
    [16, 33, 10],
  ])('match the triple loop for m=%i, k=%i, n=%i in all three forms', (m, k, n) => {
    const a = randomTensor([m, k], 1).data;
    const b = randomTensor([k, n], 2).data;
    const c = new Float32Array(m * n);
    matmul(a, b, c, m, k, n);
    expectClose(
      c,
      naive(
        (i, p) => a[i * k + p],
        (p, j) => b[p * n + j],
        m,
        k,
        n,
      ),
    );

    const bt = randomTensor([n, k], 3).data;
    matmulTransB(a, bt, c, m, k, n);
    expectClose(
      c,
      naive(
        (i, p) => a[i * k + p],
        (p, j) => bt[j * k + p],
        m,
        k,
        n,
      ),
    );

    const at = randomTensor([k, m], 4).data;
    matmulTransA(at, b, c, m, k, n);
    expectClose(
      c,
      naive(
        (i, p) => at[p * m + i],
        (p, j) => b[p * n + j],
        m,
        k,
        n,
      ),
    );
  });

  it('adds into the output when accumulating', () => {
    const a = randomTensor([6, 5], 5).data;
    const b = randomTensor([5, 7], 6).data;
    const c = new Float32Array(42).fill(1);
    matmul(a, b, c, 6, 5, 7, true);
    const expected = naive(
      (i, p) => a[i * 5 + p],
      (p, j) => b[p * 7 + j],
      6,
      5,
      7,
    ).map((v) => v + 1);
    expectClose(c, expected);
  });
});
