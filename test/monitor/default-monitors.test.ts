import { defer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/engine/network.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import type { Alert } from '../../src/monitor/alert.ts';
import { defaultMonitors } from '../../src/monitor/default-monitors.ts';
import type { HistogramBatch } from '../../src/monitor/frame-histograms.ts';
import type { StatisticsBatch } from '../../src/monitor/frame-statistics.ts';
import type { UnitReport } from '../../src/monitor/unit-report.ts';
import type { UpdateRatioBatch } from '../../src/monitor/update-ratios.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor } from '../../src/tensor/tensor.ts';

/** A small network whose second ReLU starts dead: its layer's bias is pushed far below zero. */
function setup() {
  const graph = validateGraph({
    input: { shape: [4] },
    nodes: [
      { id: 'dense-1', op: 'dense', params: { units: 6, init: 'he-normal' } },
      { id: 'relu-1', op: 'relu' },
      { id: 'dense-2', op: 'dense', params: { units: 5 } },
      { id: 'relu-2', op: 'relu' },
      { id: 'dense-3', op: 'dense', params: { units: 3 } },
    ],
    loss: { op: 'softmaxCrossEntropy' },
    optimizer: { op: 'sgd', params: { lr: 0.01 } },
    training: { seed: 3 },
  });
  const net = buildNetwork(graph);
  net.params.find((p) => p.id === 'dense-2/bias')!.value.data.fill(-100);
  const random = createRandom(11);
  const inputs = tensor(
    [8, 4],
    Float32Array.from({ length: 32 }, () => random.normal()),
  );
  const targets = tensor(
    [8],
    Float32Array.from({ length: 8 }, (_, i) => i % 3),
  );
  return { net, batch: { inputs, targets } };
}

describe('defaultMonitors', () => {
  it('samples statistics, histograms, unit reports and update ratios from a gradstream network', () => {
    const { net, batch } = setup();
    const monitors = defaultMonitors({
      gradients$: net.gradients$,
      updates$: net.updates$,
      activations: ['relu-1', 'relu-2'].map((id) => ({
        nodeId: id,
        activation: 'relu',
        frames$: net.activations$(id),
      })),
      every: 2,
      histogramEvery: 4,
      weightEvery: 4,
      unitWindow: 3,
    });
    const stats: StatisticsBatch[] = [];
    const histograms: HistogramBatch[] = [];
    const units: UnitReport[] = [];
    const ratios: UpdateRatioBatch[] = [];
    const alerts: Alert[] = [];
    monitors.stats$.subscribe((s) => stats.push(s));
    monitors.histograms$.subscribe((h) => histograms.push(h));
    monitors.units$.subscribe((u) => units.push(u));
    monitors.updateRatios$.subscribe((r) => ratios.push(r));
    monitors.alerts$.subscribe((a) => alerts.push(a));
    for (let i = 0; i < 12; i++) net.trainStep(batch);

    expect([...new Set(stats.map((s) => s.step))]).toEqual([2, 4, 6, 8, 10, 12]);
    const gradientStats = stats.find((s) => s.stats[0].kind === 'gradient')!;
    expect(gradientStats.stats.filter((s) => s.kind === 'gradient').map((s) => s.name)).toEqual(
      net.params.map((p) => p.id),
    );
    const weightSteps = stats.flatMap((b) => b.stats).filter((s) => s.kind === 'weight');
    expect([...new Set(weightSteps.map((s) => s.step))]).toEqual([4, 8, 12]);
    expect([...new Set(histograms.map((h) => h.step))]).toEqual([4, 8, 12]);
    expect(ratios.map((r) => r.step)).toEqual([4, 8, 12]);
    // Windows of 3 observations fill at step 6; relu-2 is dead throughout.
    expect(units.filter((u) => u.name === 'relu-2').map((u) => [u.step, u.fraction])).toEqual([
      [6, 1],
      [8, 1],
      [10, 1],
      [12, 1],
    ]);
    // relu-2 dead: dense-2 gets no gradient (vanishing), and the dead-unit detector fires once,
    // on the first full window (its patience is 1).
    expect(alerts.map((a) => [a.kind, a.layer, a.step])).toContainEqual([
      'dying-relu',
      'relu-2',
      6,
    ]);
    expect(alerts.map((a) => [a.kind, a.layer])).toContainEqual(['vanishing-gradients', 'dense-2']);
    expect(alerts.filter((a) => a.kind === 'dying-relu')).toHaveLength(1);
  });

  it('runs weight statistics every weightEvery steps when every does not divide it', () => {
    const { net, batch } = setup();
    const monitors = defaultMonitors({
      gradients$: net.gradients$,
      every: 3,
      weightEvery: 5,
      histogramEvery: 4,
    });
    const stats: StatisticsBatch[] = [];
    const histograms: HistogramBatch[] = [];
    monitors.stats$.subscribe((s) => stats.push(s));
    monitors.histograms$.subscribe((h) => histograms.push(h));
    for (let i = 0; i < 20; i++) net.trainStep(batch);

    const stepsOf = (kind: string, items: { kind: string; step: number }[]) => [
      ...new Set(items.filter((x) => x.kind === kind).map((x) => x.step)),
    ];
    const allStats = stats.flatMap((b) => b.stats);
    expect(stepsOf('gradient', allStats)).toEqual([3, 6, 9, 12, 15, 18]);
    expect(stepsOf('weight', allStats)).toEqual([5, 10, 15, 20]);
    const allHistograms = histograms.flatMap((b) => b.histograms);
    expect(stepsOf('gradient', allHistograms)).toEqual([4, 8, 12, 16, 20]);
    expect(stepsOf('weight', allHistograms)).toEqual([4, 8, 12, 16, 20]);
  });

  it('leaves the input of a monitor turned off unread, and its detector silent', () => {
    const { net, batch } = setup();
    let updateReaders = 0;
    const monitors = defaultMonitors({
      gradients$: net.gradients$,
      updates$: defer(() => {
        updateReaders++;
        return net.updates$;
      }),
      activations: ['relu-1', 'relu-2'].map((id) => ({
        nodeId: id,
        activation: 'relu',
        frames$: net.activations$(id),
      })),
      every: 2,
      weightEvery: 4,
      unitWindow: 3,
      histograms: false,
      deadUnits: false,
      updateRatios: false,
      vanishing: false,
    });
    const seen: string[] = [];
    monitors.histograms$.subscribe(() => seen.push('histogram'));
    monitors.units$.subscribe(() => seen.push('unit report'));
    monitors.updateRatios$.subscribe(() => seen.push('update ratio'));
    monitors.alerts$.subscribe((a) => seen.push(a.kind));
    monitors.stats$.subscribe(() => seen.push('stats'));
    for (let i = 0; i < 12; i++) net.trainStep(batch);

    expect(updateReaders).toBe(0);
    expect(new Set(seen)).toEqual(new Set(['stats']));
  });

  it('costs nothing until subscribed', () => {
    const { net, batch } = setup();
    let reads = 0;
    const monitors = defaultMonitors({ gradients$: net.gradients$, every: 10 });
    net.trainStep(batch);
    monitors.stats$.subscribe(() => reads++);
    for (let i = 0; i < 20; i++) net.trainStep(batch);
    expect(reads).toBe(2);
  });
});
