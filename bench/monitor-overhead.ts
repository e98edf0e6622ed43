/**
 * How much the default monitor set costs a training step on graphs/mnist-mlp.json
 * (784-256-128-10, batch 64, Adam), on a synthetic learnable batch stream.
 *
 * Run: npx tsx bench/monitor-overhead.ts [--every 10] [--rounds 12] [--block 50]
 *
 * Two measures: (1) A/B: the same network trained with and without defaultMonitors attached,
 * in alternating blocks of steps so machine noise hits both alike; (2) the monitors alone:
 * the same pipeline fed the network's bundles without training, which isolates their cost.
 */
import { readFileSync } from 'node:fs';
import { Subject, type Subscription } from 'rxjs';
import { buildNetwork, type Network } from '../src/engine/network.ts';
import type { Batch } from '../src/engine/frames.ts';
import { validateGraph } from '../src/graph/validate.ts';
import { defaultMonitors, type DefaultMonitorsOptions } from '../src/monitor/default-monitors.ts';
import type { Alert } from '../src/monitor/alert.ts';
import type { GradientBundle, UpdateBundle } from '../src/optim/gradients.ts';
import { createRandom } from '../src/tensor/random.ts';
import { tensor } from '../src/tensor/tensor.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const every = option('every', 10);
const rounds = option('rounds', 8);
const block = option('block', 40);
const batchSize = 64;

const spec = JSON.parse(readFileSync(new URL('../graphs/mnist-mlp.json', import.meta.url), 'utf8'));
const graph = validateGraph(spec);
const batches = syntheticBatches(16);

/**
 * Synthetic digits: standard-normal pixels, labels from a fixed random linear map (so it
 * learns). NOTE: centred on purpose: uniform [0, 1) pixels make about half of relu-1's He-
 * initialised units negative for every sample, and the dying-ReLU detector rightly says so.
 */
function syntheticBatches(count: number): Batch[] {
  const random = createRandom(42);
  const projection = Float32Array.from({ length: 784 * 10 }, () => random.normal());
  return Array.from({ length: count }, () => {
    const inputs = tensor([batchSize, 784]);
    const targets = tensor([batchSize]);
    for (let b = 0; b < batchSize; b++) {
      let best = 0;
      let bestScore = -Infinity;
      for (let i = 0; i < 784; i++) inputs.data[b * 784 + i] = random.normal();
      for (let c = 0; c < 10; c++) {
        let score = 0;
        for (let i = 0; i < 784; i++) score += inputs.data[b * 784 + i] * projection[i * 10 + c];
        if (score > bestScore) [best, bestScore] = [c, score];
      }
      targets.data[b] = best;
    }
    return { inputs, targets };
  });
}

function monitorOptions(net: Network, gradients$ = net.gradients$, updates$ = net.updates$): DefaultMonitorsOptions {
  const activations = net.nodes
    .filter((n) => n.op !== 'dense')
    .map((n) => ({ nodeId: n.id, activation: n.op, frames$: net.activations$(n.id) }));
  return { gradients$, updates$, activations, every };
}

function attach(net: Network, alerts: Alert[]): Subscription {
  const monitors = defaultMonitors(monitorOptions(net));
  const subscription = monitors.stats$.subscribe();
  subscription.add(monitors.histograms$.subscribe());
  subscription.add(monitors.units$.subscribe());
  subscription.add(monitors.gradientNormRatio$.subscribe());
  subscription.add(monitors.alerts$.subscribe((a) => alerts.push(a)));
  return subscription;
}

function runBlock(net: Network, steps: number): number {
  const start = performance.now();
  for (let i = 0; i < steps; i++) net.trainStep(batches[net.stepCount % batches.length]);
  return performance.now() - start;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// (1) A/B in alternating blocks; both networks start from the same seed and see the same batches.
const bare = buildNetwork(graph);
const monitored = buildNetwork(graph);
const alerts: Alert[] = [];
attach(monitored, alerts);
runBlock(bare, block);
runBlock(monitored, block);
const bareTimes: number[] = [];
const monitoredTimes: number[] = [];
for (let r = 0; r < rounds; r++) {
  if (r % 2 === 0) {
    bareTimes.push(runBlock(bare, block));
    monitoredTimes.push(runBlock(monitored, block));
  } else {
    monitoredTimes.push(runBlock(monitored, block));
    bareTimes.push(runBlock(bare, block));
  }
}
const bareStep = median(bareTimes) / block;
const monitoredStep = median(monitoredTimes) / block;

// (2) The monitors alone: replay the trained network's bundles through a fresh monitor set.
const gradients$ = new Subject<GradientBundle>();
const updates$ = new Subject<UpdateBundle>();
const activationSubjects = new Map(bare.nodes.filter((n) => n.op !== 'dense').map((n) => [n.id, new Subject<{ step: number; mode: string; tensor: { data: Float32Array; shape: readonly number[] } }>()]));
const lastActivations = new Map<string, { data: Float32Array; shape: readonly number[] }>();
for (const id of activationSubjects.keys()) bare.activations$(id).subscribe((f) => lastActivations.set(id, { data: f.tensor.data.slice(), shape: f.tensor.shape }));
let lastUpdates: UpdateBundle | undefined;
bare.updates$.subscribe((u) => (lastUpdates = u));
runBlock(bare, 1);
const replay = defaultMonitors({
  gradients$,
  updates$,
  activations: [...activationSubjects].map(([id, s]) => ({ nodeId: id, activation: bare.nodes.find((n) => n.id === id)!.op, frames$: s })),
  every,
});
const replayAlerts: Alert[] = [];
replay.stats$.subscribe();
replay.histograms$.subscribe();
replay.units$.subscribe();
replay.gradientNormRatio$.subscribe();
replay.alerts$.subscribe((a) => replayAlerts.push(a));
const replaySteps = rounds * block;
const replayStart = performance.now();
for (let step = 1; step <= replaySteps; step++) {
  for (const [id, s] of activationSubjects) s.next({ step, mode: 'train', tensor: lastActivations.get(id)! });
  gradients$.next({ step, params: bare.params });
  updates$.next({ ...(lastUpdates as UpdateBundle), step });
}
const monitorsAlone = (performance.now() - replayStart) / replaySteps;

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
console.log(`graph ${graph.name}, batch ${batchSize}, monitors every ${every} steps (histograms every 50)`);
console.log(`step without monitors: ${bareStep.toFixed(2)} ms (median of ${rounds} blocks of ${block})`);
console.log(`step with monitors:    ${monitoredStep.toFixed(2)} ms`);
console.log(`A/B overhead:          ${pct(monitoredStep / bareStep - 1)}`);
console.log(`monitors alone:        ${monitorsAlone.toFixed(3)} ms per step = ${pct(monitorsAlone / bareStep)} of a step`);
console.log(`alerts on this healthy run: ${alerts.length}${alerts.length ? ' — ' + alerts.map((a) => a.message).join(' | ') : ''}`);
