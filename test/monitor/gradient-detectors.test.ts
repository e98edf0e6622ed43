import { pipe } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { MITIGATIONS } from '../../src/monitor/alert.ts';
import { detectExplodingGradients } from '../../src/monitor/detect-exploding-gradients.ts';
import { detectNonFinite } from '../../src/monitor/detect-non-finite.ts';
import { detectVanishingGradients } from '../../src/monitor/detect-vanishing-gradients.ts';
import { frameStatistics } from '../../src/monitor/frame-statistics.ts';
import type { MonitorBatch } from '../../src/monitor/monitor-frame.ts';
import { collect } from './collect.ts';

/** A two-layer step whose gradients have the given L2 norms (one value each). */
const step = (n: number, first: number, last = 1): MonitorBatch => ({
  step: n,
  frames: [
    { name: 'in/weight', layer: 'in', step: n, values: [first] },
    { name: 'out/weight', layer: 'out', step: n, values: [last] },
  ],
});

describe('detectVanishingGradients', () => {
  it('fires once when a layer norm stays below minNorm for patience observations', () => {
    const steps = [
      step(10, 1e-8, 1e-8),
      step(20, 1e-8, 1e-8),
      step(30, 1e-8, 1e-8),
      step(40, 1e-8, 1e-8),
    ];
    const alerts = collect(steps, pipe(frameStatistics(), detectVanishingGradients()));
    expect(alerts.map((a) => [a.kind, a.layer, a.step])).toEqual([
      ['vanishing-gradients', 'in', 30],
      ['vanishing-gradients', 'out', 30],
    ]);
    expect(alerts[0].evidence).toMatchObject({ norm: 1e-8, minNorm: 1e-6 });
    expect(alerts[0].message).toBe(
      "layer 'in': vanishing gradients at step 30: gradient norm 1.00e-8 is below 1.00e-6",
    );
    expect(alerts[0].mitigation).toBe(MITIGATIONS['vanishing-gradients']);
    expect(alerts[0].mitigation).toMatch(/ReLU.*He.*Xavier.*batch normalization.*skip connections/);
  });

  it('does not fire on one noisy step', () => {
    const steps = [step(1, 1e-8), step(2, 1), step(3, 1e-8), step(4, 1e-8), step(5, 1)];
    expect(collect(steps, pipe(frameStatistics(), detectVanishingGradients()))).toEqual([]);
  });

  it('fires on the first layer when its norm is a tiny fraction of the last layer', () => {
    const steps = [1, 2, 3].map((n) => step(n, 1e-4, 1));
    const [alert, ...rest] = collect(steps, pipe(frameStatistics(), detectVanishingGradients()));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ layer: 'in', step: 3 });
    expect(alert.evidence.ratioToLastLayer).toBeCloseTo(1e-4, 10);
  });

  it('starts the streak over after a step whose gradients are not finite', () => {
    // 'in' vanishes on steps 1, 3, 4 and holds a NaN on step 2: a streak of 2, not 3.
    const gap = [step(1, 1e-8), step(2, NaN), step(3, 1e-8), step(4, 1e-8)];
    expect(collect(gap, pipe(frameStatistics(), detectVanishingGradients()))).toEqual([]);
    const alerts = collect(
      [...gap, step(5, 1e-8)],
      pipe(frameStatistics(), detectVanishingGradients()),
    );
    expect(alerts.map((a) => [a.layer, a.step])).toEqual([['in', 5]]);
  });

  it('does not repeat an alert after a non-finite step within an episode', () => {
    const steps = [1, 2, 3, 4, 5, 6, 7].map((n) => step(n, n === 4 ? NaN : 1e-8));
    const alerts = collect(steps, pipe(frameStatistics(), detectVanishingGradients()));
    expect(alerts.map((a) => [a.layer, a.step])).toEqual([['in', 3]]);
  });

  it('stays quiet on healthy gradients', () => {
    const steps = [1, 2, 3, 4, 5].map((n) => step(n, 0.3, 1));
    expect(collect(steps, pipe(frameStatistics(), detectVanishingGradients()))).toEqual([]);
  });
});

describe('detectExplodingGradients', () => {
  it('fires when a layer norm stays above maxNorm, and again after recovery', () => {
    const norms = [500, 500, 500, 500, 1, 500, 500, 500];
    const steps = norms.map((x, i) => step(i + 1, 1, x));
    const alerts = collect(steps, pipe(frameStatistics(), detectExplodingGradients()));
    expect(alerts.map((a) => [a.layer, a.step])).toEqual([
      ['out', 3],
      ['out', 8],
    ]);
    expect(alerts[0].evidence).toMatchObject({ norm: 500, maxNorm: 100 });
    expect(alerts[0].mitigation).toMatch(/clip gradients.*lower the learning rate/);
  });

  it('does not fire on one noisy step', () => {
    const steps = [1, 2, 3, 4].map((n) => step(n, 1, n === 2 ? 1e4 : 1));
    expect(collect(steps, pipe(frameStatistics(), detectExplodingGradients()))).toEqual([]);
  });

  it('uses the thresholds it is given', () => {
    const steps = [1, 2].map((n) => step(n, 1, 5));
    const alerts = collect(
      steps,
      pipe(frameStatistics(), detectExplodingGradients({ maxNorm: 4, patience: 2 })),
    );
    expect(alerts.map((a) => a.step)).toEqual([2]);
  });
});

describe('detectNonFinite', () => {
  it('fires after two observations with NaN or Inf, with the counts', () => {
    const bad = (n: number): MonitorBatch => ({
      step: n,
      frames: [
        { name: 'in/weight', layer: 'in', step: n, values: [NaN, 1, Infinity, NaN] },
        { name: 'in/weight', layer: 'in', step: n, kind: 'weight', values: [NaN] },
      ],
    });
    const alerts = collect([bad(1), bad(2), bad(3)], pipe(frameStatistics(), detectNonFinite()));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'non-finite',
      layer: 'in',
      step: 2,
      evidence: { nanCount: 3, infCount: 1, values: 5 },
    });
    expect(alerts[0].message).toBe(
      "layer 'in': 3 NaN and 1 infinite values at step 2, in gradient 'in/weight', weight 'in/weight'",
    );
  });

  it('counts each kind on its own observations when weights are sampled less often', () => {
    const batch = (n: number, withWeights: boolean): MonitorBatch => ({
      step: n,
      frames: [
        { name: 'in/weight', layer: 'in', step: n, values: [1] },
        ...(withWeights
          ? [{ name: 'in/weight', layer: 'in', step: n, kind: 'weight' as const, values: [NaN] }]
          : []),
      ],
    });
    const steps = [batch(10, true), batch(20, false), batch(30, false), batch(40, true)];
    const alerts = collect(steps, pipe(frameStatistics(), detectNonFinite()));
    expect(alerts.map((a) => [a.layer, a.step, a.message])).toEqual([
      ['in', 40, "layer 'in': 1 NaN and 0 infinite values at step 40, in weight 'in/weight'"],
    ]);
  });

  it('does not fire on one overflowing step', () => {
    const steps = [step(1, 1), step(2, Infinity), step(3, 1)];
    expect(collect(steps, pipe(frameStatistics(), detectNonFinite()))).toEqual([]);
  });

  it('leaves non-finite gradients out of the vanishing and exploding detectors', () => {
    const steps = [1, 2, 3].map((n) => step(n, NaN, Infinity));
    expect(collect(steps, pipe(frameStatistics(), detectVanishingGradients()))).toEqual([]);
    expect(collect(steps, pipe(frameStatistics(), detectExplodingGradients()))).toEqual([]);
  });
});
