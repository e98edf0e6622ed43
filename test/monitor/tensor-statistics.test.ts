import { describe, expect, it } from 'vitest';
import { tensorStatistics } from '../../src/monitor/tensor-statistics.ts';

describe('tensorStatistics', () => {
  it('computes norm, mean, std, max |x| and zeros of finite values', () => {
    const s = tensorStatistics(Float32Array.from([3, -4, 0, 1]));
    expect(s.norm).toBeCloseTo(Math.sqrt(26), 12);
    expect(s.mean).toBeCloseTo(0, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(26 / 4), 12);
    expect(s.maxAbs).toBe(4);
    expect(s.zeroFraction).toBe(0.25);
    expect(s.nonFinite).toBe(0);
  });

  it('counts NaN and Inf apart and leaves them out of the sums', () => {
    const s = tensorStatistics([3, -4, 0, NaN, Infinity]);
    expect(s.norm).toBe(5);
    expect(s.mean).toBeCloseTo(-1 / 3, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(74) / 3, 12);
    expect(s.maxAbs).toBe(4);
    expect(s.zeroFraction).toBe(0.2);
    expect([s.nanCount, s.infCount, s.nonFinite]).toEqual([1, 1, 2]);
  });

  it('gives zeros for empty input', () => {
    expect(tensorStatistics([])).toEqual({
      norm: 0,
      mean: 0,
      std: 0,
      maxAbs: 0,
      zeroFraction: 0,
      nanCount: 0,
      infCount: 0,
      nonFinite: 0,
    });
  });
});
