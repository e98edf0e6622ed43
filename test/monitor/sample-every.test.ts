import { describe, expect, it } from 'vitest';
import { sampleEvery } from '../../src/monitor/sample-every.ts';
import { collect } from './collect.ts';

describe('sampleEvery', () => {
  it('passes emissions whose step is a multiple of k', () => {
    const steps = [1, 2, 3, 4, 5, 6, 7, 8].map((step) => ({ step }));
    expect(collect(steps, sampleEvery(4)).map((s) => s.step)).toEqual([4, 8]);
  });

  it('passes everything when k is 1', () => {
    expect(collect([{ step: 1 }, { step: 2 }], sampleEvery(1))).toHaveLength(2);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => sampleEvery(0)).toThrow(
      /\[gradstream\] sampleEvery: expected a positive integer, got 0/,
    );
    expect(() => sampleEvery(2.5)).toThrow(RangeError);
  });
});
