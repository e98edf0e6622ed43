import { describe, expect, it } from 'vitest';
import type { MonitorInput } from '../../src/monitor/monitor-frame.ts';
import { updateRatios } from '../../src/monitor/update-ratios.ts';
import { collect } from './collect.ts';

describe('updateRatios', () => {
  it('divides ‖Δw‖ by ‖w‖ per parameter within one batch', () => {
    const batch: MonitorInput = {
      step: 4,
      frames: [
        { name: 'd/weight', layer: 'd', step: 4, kind: 'update', values: [0.003, 0.004] },
        { name: 'd/weight', layer: 'd', step: 4, kind: 'weight', values: [3, 4] },
        { name: 'd/bias', layer: 'd', step: 4, kind: 'update', values: [0.5] },
        { name: 'd/bias', layer: 'd', step: 4, kind: 'weight', values: [0] },
        { name: 'd/weight', layer: 'd', step: 4, kind: 'gradient', values: [100] },
      ],
    };
    const [out] = collect([batch], updateRatios());
    expect(out.ratios.map((r) => [r.name, r.layer, r.step])).toEqual([
      ['d/weight', 'd', 4],
      ['d/bias', 'd', 4],
    ]);
    expect(out.ratios[0].ratio).toBeCloseTo(1e-3, 12);
    expect(out.ratios[0].updateNorm).toBeCloseTo(0.005, 12);
    expect(out.ratios[0].weightNorm).toBe(5);
    expect(out.ratios[1].ratio).toBe(Infinity);
  });

  it('pairs weight and update frames of the same step arriving in separate emissions', () => {
    const inputs: MonitorInput[] = [
      { name: 'w', step: 1, kind: 'weight', values: [2] },
      { name: 'w', step: 2, kind: 'update', values: [1] },
      { name: 'w', step: 2, kind: 'weight', values: [4] },
    ];
    const out = collect(inputs, updateRatios());
    expect(out.map((b) => [b.step, b.ratios.map((r) => r.ratio)])).toEqual([[2, [0.25]]]);
  });
});
