/**
 * Child process: gradstream training graphs/mnist-mlp.json through buildNetwork and trainStep.
 * bench/run.ts bundles this file with esbuild and runs it with plain node (see README).
 */
import { readFileSync } from 'node:fs';
import { buildNetwork } from '../src/engine/network.ts';
import { validateGraph } from '../src/graph/validate.ts';
import { tensor } from '../src/tensor/tensor.ts';
import { BATCH_SIZE, benchBatches } from './bench-data.ts';
import { serveTrainer } from './trainer-protocol.ts';

const graphPath = process.argv[2];
const graph = validateGraph(JSON.parse(readFileSync(graphPath, 'utf8')));
const network = buildNetwork(graph);
const batches = benchBatches().map((b) => ({
  inputs: tensor([BATCH_SIZE, 784], b.inputs),
  targets: tensor([BATCH_SIZE], b.labels),
}));

let loss = NaN;
serveTrainer({
  batchCount: batches.length,
  step(index) {
    loss = network.trainStep(batches[index]).loss;
  },
  lastLoss: () => loss,
});
