import { describe, expect, it } from 'vitest';
import { deadUnits } from '../../src/monitor/dead-units.ts';
import type { MonitorFrame } from '../../src/monitor/monitor-frame.ts';
import { collect } from './collect.ts';

const frame = (step: number, values: number[], shape: number[] = [2, 3]): MonitorFrame => ({
  name: 'relu-1',
  step,
  kind: 'activation',
  values: Float32Array.from(values),
  shape,
});

describe('deadUnits', () => {
  it('reports units that output zero for every sample over a sliding window', () => {
    const frames = [
      frame(1, [0, 1, 0, 0, 0, 0]),
      frame(2, [0, 0, 2, 0, 0, 0]),
      frame(3, [0, 0, 0, 0, 0, 0]),
    ];
    const out = collect(frames, deadUnits({ window: 2 }));
    expect(out.map((r) => [r.step, r.indices, r.fraction, r.valueFraction])).toEqual([
      [2, [0], 1 / 3, 5 / 6],
      [3, [0, 1], 2 / 3, 1],
    ]);
    expect(out[0]).toMatchObject({ name: 'relu-1', layer: 'relu-1', units: 3, window: 2 });
  });

  it('reads units on the last axis of [batch, ..., units]', () => {
    const [r] = collect([frame(1, [0, 0, 0, 0, 3, 0, 0, 0], [1, 2, 4])], deadUnits({ window: 1 }));
    // rows [0, 0, 0, 0] and [3, 0, 0, 0]: unit 0 fired once.
    expect(r.indices).toEqual([1, 2, 3]);
  });

  it('treats values at or below the threshold as inactive (leaky ReLU, ELU)', () => {
    const [r] = collect([frame(1, [-0.01, 0.5, -0.2, -0.03, 0, -1])], deadUnits({ window: 1 }));
    expect(r.indices).toEqual([0, 2]);
  });

  it('ignores frames that are not activations and samples by step', () => {
    const frames: MonitorFrame[] = [
      { name: 'g', step: 2, kind: 'gradient', values: [0], shape: [1, 1] },
      frame(1, [0, 0, 0, 0, 0, 0]),
      frame(2, [0, 0, 0, 0, 0, 0]),
    ];
    const out = collect(frames, deadUnits({ window: 1, every: 2 }));
    expect(out.map((r) => [r.name, r.step])).toEqual([['relu-1', 2]]);
  });

  it('errors the stream when the values do not fill the last axis', () => {
    expect(() => collect([frame(1, [0, 0, 0, 0, 0], [2, 3])], deadUnits())).toThrow(
      /\[gradstream\] unit monitor/,
    );
  });
});
