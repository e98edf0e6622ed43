import { describe, expect, it } from 'vitest';
import { frameStatistics } from '../../src/monitor/frame-statistics.ts';
import type { MonitorBatch, MonitorInput } from '../../src/monitor/monitor-frame.ts';
import { collect } from './collect.ts';

const batch = (step: number): MonitorBatch => ({
  step,
  frames: [
    {
      name: 'dense-1/weight',
      layer: 'dense-1',
      step,
      kind: 'gradient',
      values: Float32Array.from([3, 4]),
    },
    { name: 'dense-1/weight', layer: 'dense-1', step, kind: 'weight', values: [1, -1, 0, 2] },
    { name: 'relu-1', step, kind: 'activation', values: [0, 0, 5, NaN], shape: [2, 2] },
  ],
});

describe('frameStatistics', () => {
  it('computes statistics per frame with its name, layer, kind and count', () => {
    const [out] = collect([batch(1)], frameStatistics());
    expect(out.step).toBe(1);
    expect(out.stats.map((s) => [s.name, s.layer, s.kind, s.count])).toEqual([
      ['dense-1/weight', 'dense-1', 'gradient', 2],
      ['dense-1/weight', 'dense-1', 'weight', 4],
      ['relu-1', 'relu-1', 'activation', 4],
    ]);
    expect(out.stats[0]).toMatchObject({
      norm: 5,
      mean: 3.5,
      std: 0.5,
      maxAbs: 4,
      zeroFraction: 0,
    });
    expect(out.stats[1]).toMatchObject({
      norm: Math.sqrt(6),
      mean: 0.5,
      maxAbs: 2,
      zeroFraction: 0.25,
    });
    expect(out.stats[2]).toMatchObject({ norm: 5, zeroFraction: 0.5, nanCount: 1, nonFinite: 1 });
  });

  it('keeps only the requested kinds', () => {
    const [out] = collect([batch(1)], frameStatistics({ kinds: ['activation'] }));
    expect(out.stats.map((s) => s.name)).toEqual(['relu-1']);
  });

  it('accepts a single frame and defaults its kind to gradient and its layer to its name', () => {
    const frame: MonitorInput = { name: 'w', step: 3, values: [0.5] };
    const [out] = collect([frame], frameStatistics());
    expect(out.stats[0]).toMatchObject({ name: 'w', layer: 'w', kind: 'gradient', norm: 0.5 });
  });

  it('runs only on steps that are multiples of every', () => {
    const out = collect([1, 2, 3, 4, 5, 6].map(batch), frameStatistics({ every: 3 }));
    expect(out.map((b) => b.step)).toEqual([3, 6]);
  });
});
