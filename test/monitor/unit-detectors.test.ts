import { describe, expect, it } from 'vitest';
import { detectDyingRelus } from '../../src/monitor/detect-dying-relus.ts';
import { detectSaturation } from '../../src/monitor/detect-saturation.ts';
import { detectUpdateRatio } from '../../src/monitor/detect-update-ratio.ts';
import type { UnitReport } from '../../src/monitor/unit-report.ts';
import type { UpdateRatioBatch } from '../../src/monitor/update-ratios.ts';
import { collect } from './collect.ts';

const report = (step: number, dead: number, valueFraction = 0): UnitReport => ({
  name: 'relu-1',
  layer: 'relu-1',
  kind: 'activation',
  step,
  units: 4,
  window: 20,
  indices: [0, 1, 2, 3].slice(0, dead),
  fraction: dead / 4,
  valueFraction,
});

describe('detectDyingRelus', () => {
  it('fires once, at the first report, when more than a quarter of the units are dead', () => {
    const alerts = collect(
      [1, 2, 3, 4].map((n) => report(n, 2)),
      detectDyingRelus(),
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'dying-relu',
      layer: 'relu-1',
      step: 1,
      evidence: { deadFraction: 0.5, deadUnits: 2, units: 4 },
    });
    expect(alerts[0].message).toBe(
      "layer 'relu-1': 2 of 4 units (50%) output nothing for every sample over the last 20 observed steps (step 1)",
    );
    expect(alerts[0].mitigation).toMatch(/learning rate.*leaky ReLU.*He initialization/);
  });

  it('does not fire at the threshold', () => {
    expect(
      collect(
        [1, 2, 3].map((n) => report(n, 1)),
        detectDyingRelus(),
      ),
    ).toEqual([]);
  });

  it('waits for patience reports when given one', () => {
    const noisy = [report(1, 1), report(2, 4), report(3, 1), report(4, 4), report(5, 4)];
    expect(collect(noisy, detectDyingRelus({ patience: 3 }))).toEqual([]);
    const steady = [1, 2, 3].map((n) => report(n, 4));
    expect(collect(steady, detectDyingRelus({ patience: 3 })).map((a) => a.step)).toEqual([3]);
  });
});

describe('detectSaturation', () => {
  it('fires on saturated units or on a mostly saturated layer', () => {
    expect(
      collect(
        [1, 2, 3].map((n) => report(n, 2)),
        detectSaturation(),
      ).map((a) => a.step),
    ).toEqual([3]);
    const alerts = collect(
      [1, 2, 3].map((n) => report(n, 0, 0.8)),
      detectSaturation(),
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'saturation',
      evidence: { saturatedFraction: 0, valueFraction: 0.8 },
    });
    expect(alerts[0].mitigation).toMatch(/ReLU-family.*Xavier.*batch normalization/);
  });

  it('does not fire on one noisy report', () => {
    expect(
      collect([report(1, 0), report(2, 4, 1), report(3, 0), report(4, 0)], detectSaturation()),
    ).toEqual([]);
  });
});

const ratios = (step: number, update: number, weight = 1): UpdateRatioBatch => ({
  step,
  ratios: [
    {
      name: 'd/weight',
      layer: 'd',
      step,
      ratio: update / weight,
      updateNorm: update,
      weightNorm: weight,
    },
    // A zero-started bias: its own ratio is huge, but the layer's is dominated by the weight.
    { name: 'd/bias', layer: 'd', step, ratio: Infinity, updateNorm: 0, weightNorm: 0 },
  ],
});

describe('detectUpdateRatio', () => {
  it('fires when the layer ratio stays above high, suggesting a smaller learning rate', () => {
    const alerts = collect(
      [1, 2, 3, 4].map((n) => ratios(n, 0.1)),
      detectUpdateRatio(),
    );
    expect(alerts.map((a) => [a.kind, a.layer, a.step])).toEqual([['update-ratio', 'd', 3]]);
    expect(alerts[0].evidence).toEqual({
      ratio: 0.1,
      updateNorm: 0.1,
      weightNorm: 1,
      low: 1e-5,
      high: 3e-2,
    });
    expect(alerts[0].mitigation).toMatch(/^lower the learning rate/);
  });

  it('fires when the ratio stays below low, suggesting a larger learning rate', () => {
    const alerts = collect(
      [1, 2, 3].map((n) => ratios(n, 1e-7)),
      detectUpdateRatio(),
    );
    expect(alerts[0].mitigation).toMatch(/^raise the learning rate/);
    expect(alerts[0].message).toBe(
      "layer 'd': updates are 1.00e-7 of the weights at step 3, below 1.00e-5 (about 1e-3 is healthy)",
    );
  });

  it('stays quiet around 1e-3 and on one noisy step', () => {
    const steps = [ratios(1, 1e-3), ratios(2, 1), ratios(3, 2e-3), ratios(4, 5e-4)];
    expect(collect(steps, detectUpdateRatio())).toEqual([]);
  });

  it('says nothing about weights that went NaN, and a NaN step breaks the streak', () => {
    const nan = [1, 2, 3, 4].map((n) => ratios(n, NaN, NaN));
    expect(collect(nan, detectUpdateRatio())).toEqual([]);
    const interrupted = [ratios(1, 0.1), ratios(2, 0.1), ratios(3, NaN), ratios(4, 0.1)];
    expect(collect(interrupted, detectUpdateRatio())).toEqual([]);
  });
});
