/**
 * How much the default monitor set costs a training step on graphs/mnist-mlp.json
 * (784-256-128-10, batch 64, Adam), on a synthetic learnable batch stream.
 *
 * Run: npx tsx bench/monitor-overhead.ts [--every 10] [--rounds 12] [--block 50]
 *
 * Two measures, per block of steps relative to the bare network's block just before: the
 * monitors alone (the same pipeline fed the network's frames with no training: the cost
 * itself), and A/B (a second network trained with the monitors attached: honest but noisy
 * on a shared machine). The first is the number to quote.
 */
import { readFileSync } from 'node:fs';
import { Subject, type Subscription } from 'rxjs';
import { buildNetwork, type Network } from '../src/engine/network.ts';
import type { ActivationFrame, Batch } from '../src/engine/frames.ts';
import { validateGraph } from '../src/graph/validate.ts';
import { defaultMonitors, type DefaultMonitorsOptions } from '../src/monitor/default-monitors.ts';
import type { Alert } from '../src/monitor/alert.ts';
import type { GradientBundle, UpdateBundle } from '../src/optim/gradients.ts';
import { createRandom } from '../src/tensor/random.ts';
import { clone, tensor } from '../src/tensor/tensor.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const every = option('every', 20);
const rounds = option('rounds', 8);
const block = option('block', 50); // a multiple of 50, so every block holds one histogram step
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

function monitorOptions(net: Network): DefaultMonitorsOptions {
  const activations = net.nodes
    .filter((n) => n.op !== 'dense')
    .map((n) => ({ nodeId: n.id, activation: n.op, frames$: net.activations$(n.id) }));
  return { gradients$: net.gradients$, updates$: net.updates$, activations, every };
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

// Three contestants, interleaved block by block so that load from other processes hits all alike:
// a bare network, the same network with the default monitors attached, and the monitors alone
// (a fresh monitor set fed the bare network's latest bundles, with no training).
const bare = buildNetwork(graph);
const monitored = buildNetwork(graph);
const alerts: Alert[] = [];
attach(monitored, alerts);
const replay = replayMonitors(bare);
runBlock(bare, block);
runBlock(monitored, block);
replay.run(block);

const bareTimes: number[] = [];
const monitoredRatios: number[] = [];
const aloneRatios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const bareTime = runBlock(bare, block);
  bareTimes.push(bareTime);
  monitoredRatios.push(runBlock(monitored, block) / bareTime - 1);
  aloneRatios.push(replay.run(block) / bareTime);
}
const bareStep = median(bareTimes) / block;

/** A monitor set on Subjects, fed copies of the network's latest frames, step after step. */
function replayMonitors(net: Network): { run(steps: number): number } {
  const gradients$ = new Subject<GradientBundle>();
  const updates$ = new Subject<UpdateBundle>();
  const relus = net.nodes.filter((n) => n.op !== 'dense');
  const activations = relus.map((n) => ({
    nodeId: n.id,
    activation: n.op,
    frames$: new Subject<ActivationFrame>(),
  }));
  const latest = new Map<string, ActivationFrame>();
  for (const n of relus)
    net.activations$(n.id).subscribe((f) => latest.set(n.id, { ...f, tensor: clone(f.tensor) }));
  let lastUpdates: UpdateBundle | undefined;
  net.updates$.subscribe((u) => (lastUpdates = u));
  runBlock(net, 1);

  const monitors = defaultMonitors({ gradients$, updates$, activations, every });
  monitors.stats$.subscribe();
  monitors.histograms$.subscribe();
  monitors.units$.subscribe();
  monitors.gradientNormRatio$.subscribe();
  monitors.alerts$.subscribe();
  let step = 0;
  return {
    run(steps) {
      const start = performance.now();
      for (let i = 0; i < steps; i++) {
        step += 1;
        for (const a of activations)
          a.frames$.next({ ...(latest.get(a.nodeId) as ActivationFrame), step });
        gradients$.next({ step, params: net.params });
        updates$.next({ ...(lastUpdates as UpdateBundle), step });
      }
      return performance.now() - start;
    },
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
console.log(
  `graph ${graph.name}, batch ${batchSize}, monitors every ${every} steps (histograms every 50)`,
);
console.log(
  `step without monitors: ${bareStep.toFixed(2)} ms (median of ${rounds} blocks of ${block} steps)`,
);
console.log(
  `monitors alone:        ${pct(median(aloneRatios))} of a step (median per block; range ${pct(Math.min(...aloneRatios))}–${pct(Math.max(...aloneRatios))})`,
);
console.log(
  `A/B, with − without:   ${pct(median(monitoredRatios))} (median per block; range ${pct(Math.min(...monitoredRatios))}–${pct(Math.max(...monitoredRatios))}; noisy)`,
);
console.log(
  `alerts on this healthy run: ${alerts.length}${alerts.length ? ' — ' + alerts.map((a) => a.message).join(' | ') : ''}`,
);
