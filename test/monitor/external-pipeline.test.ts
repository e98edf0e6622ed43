/**
 * The monitors in a pipeline built with RxJS alone: a hand-written training loop on plain
 * arrays (no gradstream network, tensor or random generator) publishes frames on a Subject.
 */
import { Subject, merge, share, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/monitor/alert.ts';
import { deadUnits } from '../../src/monitor/dead-units.ts';
import { detectDyingRelus } from '../../src/monitor/detect-dying-relus.ts';
import { detectExplodingGradients } from '../../src/monitor/detect-exploding-gradients.ts';
import { detectNonFinite } from '../../src/monitor/detect-non-finite.ts';
import { detectSaturation } from '../../src/monitor/detect-saturation.ts';
import { detectUpdateRatio } from '../../src/monitor/detect-update-ratio.ts';
import { detectVanishingGradients } from '../../src/monitor/detect-vanishing-gradients.ts';
import { frameStatistics, type StatisticsBatch } from '../../src/monitor/frame-statistics.ts';
import type { MonitorBatch, MonitorFrame } from '../../src/monitor/monitor-frame.ts';
import { saturatedUnits } from '../../src/monitor/saturated-units.ts';
import { updateRatios, type UpdateRatioBatch } from '../../src/monitor/update-ratios.ts';

/** mulberry32 and Box–Muller: the loop's own seeded randomness. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

interface NetConfig {
  readonly activation: 'relu' | 'sigmoid';
  /** Standard deviation of the hidden weights. */
  readonly initStd: number;
  readonly hiddenBias: number;
  readonly lr: number;
  readonly steps: number;
}

/** Weights of the 3 → 8 → 1 network, as flat arrays (w1 is [hidden, inputs]). */
interface Weights {
  readonly w1: number[];
  readonly b1: number[];
  readonly w2: number[];
  readonly b2: number[];
}

/**
 * One full-batch forward and backward pass of mean binary cross-entropy: the hidden activations
 * a1 ([n, hidden]) and the gradient of every weight.
 */
function backprop(
  { w1, b1, w2, b2 }: Weights,
  x: readonly number[][],
  y: readonly number[],
  act: (z: number) => number,
  dact: (a: number) => number,
): { a1: number[]; grads: Weights } {
  const [n, d, h] = [x.length, x[0].length, b1.length];
  const a1 = new Array<number>(n * h).fill(0);
  const grads = {
    w1: new Array<number>(h * d).fill(0),
    b1: new Array<number>(h).fill(0),
    w2: new Array<number>(h).fill(0),
    b2: [0],
  };
  for (let i = 0; i < n; i++) {
    let z2 = b2[0];
    for (let j = 0; j < h; j++) {
      let z = b1[j];
      for (let k = 0; k < d; k++) z += w1[j * d + k] * x[i][k];
      a1[i * h + j] = act(z);
      z2 += w2[j] * a1[i * h + j];
    }
    const dz2 = (sigmoid(z2) - y[i]) / n;
    grads.b2[0] += dz2;
    for (let j = 0; j < h; j++) {
      grads.w2[j] += dz2 * a1[i * h + j];
      const dz1 = dz2 * w2[j] * dact(a1[i * h + j]);
      grads.b1[j] += dz1;
      for (let k = 0; k < d; k++) grads.w1[j * d + k] += dz1 * x[i][k];
    }
  }
  return { a1, grads };
}

/**
 * Trains 3 → 8 → 1 (logistic output, mean binary cross-entropy) by full-batch gradient descent
 * on 32 points labelled x₀ + x₁ > 0, publishing per step the gradients, weights, updates and
 * the hidden activations as one MonitorBatch.
 */
function train(config: NetConfig, frames$: Subject<MonitorBatch>): void {
  const [n, d, h] = [32, 3, 8];
  const random = gaussian(5);
  const x = Array.from({ length: n }, () => [random(), random(), random()]);
  const y = x.map((row) => (row[0] + row[1] > 0 ? 1 : 0));
  const w1 = Array.from({ length: h * d }, () => random() * config.initStd);
  const b1 = new Array<number>(h).fill(config.hiddenBias);
  const w2 = Array.from({ length: h }, () => random() * Math.sqrt(1 / h));
  const b2 = [0];
  const act = config.activation === 'relu' ? (z: number) => Math.max(0, z) : sigmoid;
  const dact =
    config.activation === 'relu' ? (a: number) => (a > 0 ? 1 : 0) : (a: number) => a * (1 - a);

  for (let step = 1; step <= config.steps; step++) {
    const { a1, grads } = backprop({ w1, b1, w2, b2 }, x, y, act, dact);
    const params = {
      'hidden/weight': [w1, grads.w1],
      'hidden/bias': [b1, grads.b1],
      'output/weight': [w2, grads.w2],
      'output/bias': [b2, grads.b2],
    };
    const frames: MonitorFrame[] = [
      { name: 'hidden', step, kind: 'activation', values: a1, shape: [n, h] },
    ];
    for (const [name, [value, grad]] of Object.entries(params)) {
      const layer = name.split('/')[0];
      const delta = grad.map((g) => -config.lr * g);
      value.forEach((_, i) => (value[i] += delta[i]));
      frames.push({ name, layer, step, kind: 'gradient', values: grad });
      frames.push({ name, layer, step, kind: 'weight', values: [...value] });
      frames.push({ name, layer, step, kind: 'update', values: delta });
    }
    frames$.next({ step, frames });
  }
}

/** Every detector, wired with RxJS operators only; windows are short since runs are short. */
function watch(frames$: Observable<MonitorBatch>, activation: 'relu' | 'sigmoid') {
  const stats$ = frames$.pipe(frameStatistics(), share());
  const ratios$ = frames$.pipe(updateRatios(), share());
  const units$ =
    activation === 'relu'
      ? frames$.pipe(deadUnits({ window: 5 }), detectDyingRelus())
      : frames$.pipe(saturatedUnits({ window: 5 }), detectSaturation());
  const alerts$ = merge(
    stats$.pipe(detectVanishingGradients()),
    stats$.pipe(detectExplodingGradients()),
    stats$.pipe(detectNonFinite()),
    ratios$.pipe(detectUpdateRatio()),
    units$,
  );
  return { stats$, ratios$, alerts$ };
}

function run(config: NetConfig) {
  const frames$ = new Subject<MonitorBatch>();
  const { stats$, ratios$, alerts$ } = watch(frames$, config.activation);
  const stats: StatisticsBatch[] = [];
  const ratios: UpdateRatioBatch[] = [];
  const alerts: Alert[] = [];
  stats$.subscribe((s) => stats.push(s));
  ratios$.subscribe((r) => ratios.push(r));
  alerts$.subscribe((a) => alerts.push(a));
  train(config, frames$);
  return { stats, ratios, alerts, kinds: alerts.map((a) => `${a.kind} ${a.layer}`) };
}

describe('monitors in a plain RxJS pipeline', () => {
  it('computes logistic-regression statistics that match a hand calculation', () => {
    // Two samples, w = 0, b = 0, so p = 0.5: ∂L/∂w = ((0.5 − 1)·[1, 2] + (0.5 − 0)·[3, −1]) / 2.
    const x = [
      [1, 2],
      [3, -1],
    ];
    const y = [1, 0];
    const frames$ = new Subject<MonitorBatch>();
    const stats: StatisticsBatch[] = [];
    const ratios: UpdateRatioBatch[] = [];
    frames$.pipe(frameStatistics({ kinds: ['gradient'] })).subscribe((s) => stats.push(s));
    frames$.pipe(updateRatios()).subscribe((r) => ratios.push(r));
    const w = [0, 0];
    for (let step = 1; step <= 2; step++) {
      const p = x.map((row) => sigmoid(row[0] * w[0] + row[1] * w[1]));
      const grad = [0, 1].map((k) => ((p[0] - y[0]) * x[0][k] + (p[1] - y[1]) * x[1][k]) / 2);
      const delta = grad.map((g) => -0.1 * g);
      w[0] += delta[0];
      w[1] += delta[1];
      frames$.next({
        step,
        frames: [
          { name: 'w', step, values: grad },
          { name: 'w', step, kind: 'update', values: delta },
          { name: 'w', step, kind: 'weight', values: [...w] },
        ],
      });
    }
    expect(stats[0].stats[0]).toMatchObject({
      norm: Math.sqrt(0.8125),
      mean: -0.125,
      std: 0.625,
      maxAbs: 0.75,
      zeroFraction: 0,
    });
    // From w = 0 the first update is the whole weight: ratio 1.
    expect(ratios[0].ratios[0].ratio).toBeCloseTo(1, 12);

    // Step 2 at w = [−0.05, 0.075]: z = [0.1, −0.225].
    const g2 = [
      (sigmoid(0.1) - 1) * 1 + sigmoid(-0.225) * 3,
      (sigmoid(0.1) - 1) * 2 + sigmoid(-0.225) * -1,
    ].map((g) => g / 2);
    expect(stats[1].stats[0].norm).toBeCloseTo(Math.hypot(g2[0], g2[1]), 12);
    expect(stats[1].stats[0].mean).toBeCloseTo((g2[0] + g2[1]) / 2, 12);
    expect(stats[1].stats[0].maxAbs).toBeCloseTo(Math.max(Math.abs(g2[0]), Math.abs(g2[1])), 12);
    expect(ratios[1].ratios[0].ratio).toBeCloseTo(
      (0.1 * Math.hypot(g2[0], g2[1])) / Math.hypot(-0.05 - 0.1 * g2[0], 0.075 - 0.1 * g2[1]),
      12,
    );
  });

  it('raises no alert on a healthy ReLU network and reports its statistics', () => {
    const { stats, alerts } = run({
      activation: 'relu',
      initStd: Math.sqrt(2 / 3),
      hiddenBias: 0,
      lr: 0.02,
      steps: 60,
    });
    expect(alerts).toEqual([]);
    const last = stats[stats.length - 1].stats.find(
      (s) => s.name === 'hidden' && s.kind === 'activation',
    )!;
    expect(last.zeroFraction).toBeGreaterThan(0.2);
    expect(last.zeroFraction).toBeLessThan(0.8);
  });

  it('raises dying-ReLU and vanishing-gradient alerts when a big negative bias kills the hidden layer', () => {
    const { kinds, stats } = run({
      activation: 'relu',
      initStd: Math.sqrt(2 / 3),
      hiddenBias: -10,
      lr: 0.05,
      steps: 20,
    });
    expect(kinds).toContain('dying-relu hidden');
    expect(kinds).toContain('vanishing-gradients hidden');
    expect(kinds.filter((k) => k.startsWith('exploding') || k.startsWith('non-finite'))).toEqual(
      [],
    );
    const hiddenGrad = stats[5].stats.find(
      (s) => s.name === 'hidden/weight' && s.kind === 'gradient',
    )!;
    expect(hiddenGrad).toMatchObject({ norm: 0, zeroFraction: 1 });
  });

  it('raises an exploding-gradient alert on a huge initialization', () => {
    const { kinds, alerts } = run({
      activation: 'relu',
      initStd: 300,
      hiddenBias: 0,
      lr: 0.05,
      steps: 10,
    });
    expect(kinds).toContain('exploding-gradients output');
    const alert = alerts.find((a) => a.kind === 'exploding-gradients')!;
    expect(alert.step).toBe(3);
    expect(alert.evidence.norm).toBeGreaterThan(100);
    expect(alert.mitigation).toMatch(/clip gradients/);
  });

  it('raises a saturation alert on a sigmoid layer with large weights', () => {
    const { kinds } = run({
      activation: 'sigmoid',
      initStd: 30,
      hiddenBias: 0,
      lr: 0.05,
      steps: 20,
    });
    expect(kinds).toContain('saturation hidden');
  });

  it('raises no alert on a healthy sigmoid network', () => {
    const { alerts } = run({
      activation: 'sigmoid',
      initStd: 1,
      hiddenBias: 0,
      lr: 0.05,
      steps: 60,
    });
    expect(alerts).toEqual([]);
  });
});
