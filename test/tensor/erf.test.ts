import { describe, expect, it } from 'vitest';
import { erf, erfc } from '../../src/tensor/erf.ts';

// Reference values from Python's math.erf and math.erfc (C libm), one from each of Cody's ranges.
const ERF: [number, number][] = [
  [1e-10, 1.1283791670955126e-10],
  [0.1, 0.1124629160182849],
  [0.46875, 0.49261347321793797],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [-2, -0.9953222650189527],
  [3.9, 0.9999999652077514],
  [4.1, 0.9999999932999724],
  [6, 1],
];
const ERFC: [number, number][] = [
  [-1, 1.842700792949715],
  [0.1, 0.8875370839817152],
  [0.5, 0.4795001221869535],
  [2, 0.004677734981047265],
  [5, 1.5374597944280351e-12],
  [10, 2.088487583762545e-45],
  [26, 5.663192408856143e-296],
];

describe('erf', () => {
  it.each(ERF)('gives erf(%s) to within 1e-15 relative', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThanOrEqual(1e-15 * Math.abs(expected));
  });

  it('is odd and saturates', () => {
    expect(erf(-0.3)).toBe(-erf(0.3));
    expect(erf(0)).toBe(0);
    expect(erf(1e4)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });
});

describe('erfc', () => {
  it.each(ERFC)('gives erfc(%s) to within 1e-15 relative, deep into the tail', (x, expected) => {
    expect(Math.abs(erfc(x) - expected)).toBeLessThanOrEqual(1e-15 * Math.abs(expected));
  });

  it('reaches 0 and 2 at the ends', () => {
    expect(erfc(1e4)).toBe(0);
    expect(erfc(-1e4)).toBe(2);
  });
});
