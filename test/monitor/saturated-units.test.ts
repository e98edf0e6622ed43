import { describe, expect, it } from 'vitest';
import type { MonitorFrame } from '../../src/monitor/monitor-frame.ts';
import { saturatedUnits } from '../../src/monitor/saturated-units.ts';
import { collect } from './collect.ts';

const frame = (step: number, values: number[], shape: number[]): MonitorFrame => ({
  name: 'act',
  step,
  kind: 'activation',
  values,
  shape,
});

describe('saturatedUnits', () => {
  it('finds sigmoid units with y(1 − y) below the threshold for every sample', () => {
    // unit 0: σ' = 0.999·0.001 ≈ 0.001 twice; unit 1: σ' = 0.25, then 0.09.
    const [r] = collect(
      [frame(1, [0.999, 0.5, 0.001, 0.9], [2, 2])],
      saturatedUnits({ window: 1 }),
    );
    expect(r.indices).toEqual([0]);
    expect(r.valueFraction).toBe(0.5);
  });

  it('finds tanh units with 1 − y² below the threshold', () => {
    // unit 0: 1 − 0.999² = 0.001999 and 1 − 0.9999² ≈ 0.0002; unit 1: 1 − 0.5² = 0.75 once.
    const values = [0.999, 0.9, -0.9999, 0.5];
    const [r] = collect(
      [frame(1, values, [2, 2])],
      saturatedUnits({ activation: 'tanh', window: 1 }),
    );
    expect(r.indices).toEqual([0]);
    // 0.9 gives tanh' = 0.19, above 0.01; with threshold 0.2 unit 1 saturates at sample 0 only.
    const [strict] = collect(
      [frame(1, values, [2, 2])],
      saturatedUnits({ activation: 'tanh', window: 1, threshold: 0.2 }),
    );
    expect(strict.indices).toEqual([0]);
    expect(strict.valueFraction).toBe(0.75);
  });

  it('needs the whole window saturated', () => {
    const frames = [
      frame(1, [0.9999], [1, 1]),
      frame(2, [0.5], [1, 1]),
      frame(3, [0.9999], [1, 1]),
      frame(4, [1], [1, 1]),
    ];
    const out = collect(frames, saturatedUnits({ window: 2 }));
    expect(out.map((r) => [r.step, r.indices])).toEqual([
      [2, []],
      [3, []],
      [4, [0]],
    ]);
  });

  it('rejects an activation it cannot judge from its output', () => {
    expect(() => saturatedUnits({ activation: 'relu' as 'tanh' })).toThrow(
      /expected activation 'sigmoid' or 'tanh', got 'relu'/,
    );
  });
});
