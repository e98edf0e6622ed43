import { merge } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { monitorRun } from '../../src/cli/monitor-run.ts';
import { buildNetwork } from '../../src/engine/network.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import { validateMonitors } from '../../src/graph/validate-monitors.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor } from '../../src/tensor/tensor.ts';

/** Trains a small ReLU network for 12 steps under the given `monitors` block; returns what came out. */
function monitored(block: object): string[] {
  const graph = validateGraph({
    input: { shape: [4] },
    nodes: [
      { id: 'dense-1', op: 'dense', params: { units: 6, init: 'he-normal' } },
      { id: 'relu-1', op: 'relu' },
      { id: 'dense-2', op: 'dense', params: { units: 3 } },
    ],
    loss: { op: 'softmaxCrossEntropy' },
    optimizer: { op: 'sgd', params: { lr: 0.01 } },
    training: { seed: 3 },
  });
  const net = buildNetwork(graph);
  // Every unit of relu-1 dead, so the dead-unit monitor has something to report.
  net.params.find((p) => p.id === 'dense-1/bias')!.value.data.fill(-100);
  const random = createRandom(5);
  const batch = {
    inputs: tensor(
      [8, 4],
      Float32Array.from({ length: 32 }, () => random.normal()),
    ),
    targets: tensor(
      [8],
      Float32Array.from({ length: 8 }, (_, i) => i % 3),
    ),
  };
  const rates = { every: 2, histogramEvery: 2, weightEvery: 2, unitWindow: 2 };
  const monitoring = monitorRun(net, validateMonitors({ ...rates, ...block }));
  const seen: string[] = [];
  merge(monitoring.histograms$, monitoring.health$, monitoring.alerts$).subscribe((x) => {
    if ('counts' in x) seen.push('histogram');
    else if ('layers' in x) seen.push(...x.layers.flatMap((l) => Object.keys(l)));
    else seen.push(x.kind);
  });
  for (let i = 0; i < 12; i++) net.trainStep(batch);
  return [...new Set(seen)].filter((s) => s !== 'nodeId').sort();
}

describe('monitorRun', () => {
  it('runs heatmaps, unit monitors, update ratios and their detectors by default', () => {
    expect(monitored({})).toEqual(
      expect.arrayContaining([
        'deadFraction',
        'dying-relu',
        'histogram',
        'updateRatio',
        'vanishing-gradients',
      ]),
    );
  });

  it('wires none of a monitor or detector the spec turns off', () => {
    const seen = monitored({
      histograms: false,
      deadUnits: false,
      updateRatios: false,
      vanishing: false,
    });
    expect(seen).not.toContain('histogram');
    expect(seen).not.toContain('deadFraction');
    expect(seen).not.toContain('dying-relu');
    expect(seen).not.toContain('updateRatio');
    expect(seen).not.toContain('vanishing-gradients');
  });
});
