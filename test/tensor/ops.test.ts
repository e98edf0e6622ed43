import { describe, expect, it } from 'vitest';
import { rowMax, rowSumExp } from '../../src/tensor/ops.ts';

describe('rowMax', () => {
  it('reads only the row it is given', () => {
    const x = Float32Array.from([9, -3, 2, -1, 9]);
    expect(rowMax(x, 1, 3)).toBe(2);
    expect(rowMax(x, 1, 1)).toBe(-3);
  });
});

describe('rowSumExp', () => {
  it('sums e^(x − shift) over one row', () => {
    const x = Float32Array.from([5, 0, 1, 2, 5]);
    expect(rowSumExp(x, 1, 3, 2)).toBeCloseTo(Math.exp(-2) + Math.exp(-1) + 1, 12);
  });

  it('stays finite for large logits when shifted by the row maximum', () => {
    const x = Float32Array.from([1000, 999]);
    const sum = rowSumExp(x, 0, 2, rowMax(x, 0, 2));
    expect(sum).toBeCloseTo(1 + Math.exp(-1), 6);
  });
});
