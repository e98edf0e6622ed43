import { describe, expect, it } from 'vitest';
import { frameStatistics } from '../../src/monitor/frame-statistics.ts';
import { gradientNormRatio } from '../../src/monitor/gradient-norm-ratio.ts';
import type { MonitorBatch } from '../../src/monitor/monitor-frame.ts';
import { collect } from './collect.ts';
import { pipe } from 'rxjs';

const batch: MonitorBatch = {
  step: 7,
  frames: [
    { name: 'a/weight', layer: 'a', step: 7, values: [3, 4] },
    { name: 'a/bias', layer: 'a', step: 7, values: [12] },
    { name: 'a/weight', layer: 'a', step: 7, kind: 'weight', values: [1000] },
    { name: 'b/weight', layer: 'b', step: 7, values: [0.2, 0.4, 0.4] },
    { name: 'c/weight', layer: 'c', step: 7, values: [0.6, 0.8] },
  ],
};

describe('gradientNormRatio', () => {
  it('divides the first layer gradient norm (weight and bias together) by the last', () => {
    const [r] = collect([batch], pipe(frameStatistics(), gradientNormRatio()));
    // a: √(3² + 4² + 12²) = 13; c: √(0.36 + 0.64) = 1; weight frames do not count.
    expect(r).toMatchObject({ step: 7, firstLayer: 'a', lastLayer: 'c', lastNorm: 1 });
    expect(r.firstNorm).toBeCloseTo(13, 12);
    expect(r.ratio).toBeCloseTo(13, 12);
  });

  it('compares the layers it is told to', () => {
    const [r] = collect(
      [batch],
      pipe(frameStatistics(), gradientNormRatio({ firstLayer: 'b', lastLayer: 'c' })),
    );
    expect(r.firstLayer).toBe('b');
    expect(r.ratio).toBeCloseTo(0.6, 6);
  });

  it('skips steps with a single layer', () => {
    const single: MonitorBatch = { step: 1, frames: [{ name: 'a', step: 1, values: [1] }] };
    expect(collect([single], pipe(frameStatistics(), gradientNormRatio()))).toEqual([]);
  });
});
