/**
 * Does a stalled dashboard page slow training? Trains graphs/mnist-mlp.json on a synthetic batch
 * through the real engine and publishes what `gradstream train --dashboard` publishes each step
 * (step, per-parameter gradient statistics, and histograms) after a long run's history,
 * alternating phases with no page and
 * with one page that completed the handshake and never reads again, all in one process.
 *
 *   npx tsx bench/dashboard-stall.ts [seconds-per-phase=2] [rounds=3]
 *
 * Prints samples/s of each phase, the medians and their ratio (the issue asks for within 5%).
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { buildNetwork } from '../src/engine/network.ts';
import { validateGraph } from '../src/graph/validate.ts';
import { tensorStatistics } from '../src/monitor/tensor-statistics.ts';
import { startDashboardServer, type DashboardServer } from '../src/server/dashboard-server.ts';
import { PROTOCOL_VERSION as v, type PublishedMessage } from '../src/server/protocol.ts';
import { createRandom } from '../src/tensor/random.ts';
import { tensor } from '../src/tensor/tensor.ts';
import { openStalledClient } from '../test/server/ws-helpers.ts';

const seconds = Number(process.argv[2] ?? 2);
const rounds = Number(process.argv[3] ?? 3);
const batchSize = 64;

const graph = validateGraph(JSON.parse(readFileSync('graphs/mnist-mlp.json', 'utf8')));
const network = buildNetwork(graph, { seed: 1 });
const random = createRandom(1);
const inputs = tensor(
  [batchSize, 784],
  Float32Array.from({ length: batchSize * 784 }, () => random.uniform()),
);
const targets = tensor(
  [batchSize],
  Float32Array.from({ length: batchSize }, () => random.int(10)),
);
const runId = 'bench';

/** Everything the dashboard gets for one step, computed the way the trainer computes it. */
function messagesOf(step: number, loss: number): PublishedMessage[] {
  const params = network.params.map((p) => {
    const s = tensorStatistics(p.grad.data);
    return {
      id: p.id,
      nodeId: p.id.split('/')[0],
      norm: s.norm,
      mean: s.mean,
      std: s.std,
      maxAbs: s.maxAbs,
      zeroFraction: s.zeroFraction,
      nonFinite: s.nonFinite,
    };
  });
  const out: PublishedMessage[] = [
    { v, type: 'step', runId, step, epoch: 1, loss, accuracy: 0.5 },
    { v, type: 'layers', runId, step, params, activations: [] },
  ];
  for (const p of network.params) {
    const s = params.find((q) => q.id === p.id);
    if (p.id.endsWith('/weight') && s)
      out.push({
        v,
        type: 'histogram',
        runId,
        step,
        nodeId: s.nodeId,
        kind: 'gradient',
        min: -s.maxAbs,
        max: s.maxAbs,
        counts: histogram(p.grad.data, s.maxAbs),
      });
  }
  return out;
}

function histogram(data: Float32Array, maxAbs: number): number[] {
  const counts = new Array<number>(32).fill(0);
  const scale = maxAbs > 0 ? 16 / maxAbs : 0;
  for (let i = 0; i < data.length; i++)
    counts[Math.min(31, Math.max(0, Math.floor((data[i] + maxAbs) * scale)))]++;
  return counts;
}

/** Trains for `seconds`, yielding to the event loop every 20 ms as the trainer's batches$ does. */
async function phase(server: DashboardServer): Promise<number> {
  const start = performance.now();
  let steps = 0;
  let lastYield = start;
  while (performance.now() - start < seconds * 1000) {
    const result = network.trainStep({ inputs, targets });
    for (const m of messagesOf(result.step, result.loss)) server.publish(m);
    steps++;
    if (performance.now() - lastYield >= 20) {
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
    }
  }
  return (steps * batchSize) / ((performance.now() - start) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startDashboardServer({ port: 0 });
server.publish({ v, type: 'hello', runId, name: graph.name, graph: { nodes: [] } });
// A long run's history (about 8 MB): the stalled page's first batch, which it never reads, so
// its socket stays full and the server must skip it from then on.
const wide = Array.from({ length: 256 }, (_, i) => 1000 + i);
for (let step = 1; step <= 160; step++) {
  for (let n = 0; n < 40; n++)
    server.publish({
      v,
      type: 'histogram',
      runId: 'history',
      step,
      nodeId: `layer-${n}`,
      kind: 'weight',
      min: -1,
      max: 1,
      counts: wide,
    });
}
await phase(server); // warm-up
const alone: number[] = [];
const stalledRates: number[] = [];
let stalled: Socket | undefined;
for (let r = 0; r < rounds; r++) {
  alone.push(await phase(server));
  stalled = await openStalledClient(server.port);
  stalledRates.push(await phase(server));
  const stats = server.stats();
  process.stdout.write(
    `round ${r + 1}: no page ${alone[r].toFixed(0)} samples/s, stalled page ${stalledRates[r].toFixed(0)} samples/s (skipped ${stats.skipped}, buffered ${(stats.bufferedBytes / 1024).toFixed(0)} KiB)\n`,
  );
  stalled.destroy();
  await new Promise((r) => setTimeout(r, 100));
}
const a = median(alone);
const b = median(stalledRates);
process.stdout.write(
  `median: no page ${a.toFixed(0)} samples/s, one stalled page ${b.toFixed(0)} samples/s, ratio ${(b / a).toFixed(3)}\n`,
);
await server.close();
