import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetwork, type Network } from '../../src/engine/network.ts';
import type { GraphSpec, NodeSpecJson } from '../../src/graph/spec.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import { argmaxRows } from '../../src/tensor/ops.ts';
import { createRandom, type Random } from '../../src/tensor/random.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';

const spec = JSON.parse(
  readFileSync(new URL('../../graphs/transformer-block.json', import.meta.url), 'utf8'),
) as GraphSpec;
const SEQ_LEN = spec.input.shape[0];
const VOCAB = 16;

/**
 * One sample of "does any token repeat?", balanced: label 0 draws SEQ_LEN distinct tokens,
 * label 1 then overwrites one position with a copy of another. Both classes have the same
 * number of tokens, so a sum of per-token features read out linearly (a bag of features)
 * cannot separate them: the task needs tokens to look at each other.
 */
function writeSample(random: Random, out: Float32Array, at: number): number {
  const tokens = Array.from({ length: VOCAB }, (_, i) => i);
  for (let i = 0; i < SEQ_LEN; i++) {
    const j = i + random.int(VOCAB - i);
    [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
  }
  const label = random.int(2);
  if (label === 1) {
    const from = random.int(SEQ_LEN);
    const to = (from + 1 + random.int(SEQ_LEN - 1)) % SEQ_LEN;
    tokens[to] = tokens[from];
  }
  for (let i = 0; i < SEQ_LEN; i++) out[at + i] = tokens[i];
  return label;
}

function makeBatch(random: Random, size: number): { inputs: Tensor; targets: Tensor } {
  const inputs = tensor([size, SEQ_LEN]);
  const targets = tensor([size]);
  for (let b = 0; b < size; b++) targets.data[b] = writeSample(random, inputs.data, b * SEQ_LEN);
  return { inputs, targets };
}

function accuracy(network: Network, batch: { inputs: Tensor; targets: Tensor }): number {
  const size = batch.targets.data.length;
  const predicted = new Int32Array(size);
  argmaxRows(network.predict(batch.inputs).data, 2, predicted);
  let correct = 0;
  for (let i = 0; i < size; i++) if (predicted[i] === batch.targets.data[i]) correct++;
  return correct / size;
}

function train(graph: GraphSpec, steps: number): number {
  const network = buildNetwork(validateGraph(graph), { seed: 1 });
  const random = createRandom(2);
  for (let step = 0; step < steps; step++) network.trainStep(makeBatch(random, 32));
  return accuracy(network, makeBatch(createRandom(99), 500));
}

describe('graphs/transformer-block.json', () => {
  it('builds with the shapes of one encoder block', () => {
    const network = buildNetwork(validateGraph(spec), { seed: 1 });
    const shapes = Object.fromEntries(network.nodes.map((n) => [n.id, n.outputShape]));
    expect(shapes).toMatchObject({
      embed: [8, 16],
      attend: [8, 16],
      'norm-2': [8, 16],
      pool: [16],
      classify: [2],
    });
  });

  // Measured on 500 held-out samples: 0.948 after 1200 steps (0.836 after 1000); without attention, 0.49.
  it('learns whether any token repeats, far beyond chance', () => {
    expect(train(spec, 1200)).toBeGreaterThan(0.85);
  }, 60_000);

  it('stays at chance on the same task without its attention node', () => {
    const nodes: NodeSpecJson[] = spec.nodes
      .filter((n) => n.op !== 'selfAttention')
      .map((n) => (n.id === 'skip-1' ? { id: 'skip-1', op: 'relu', inputs: ['embed'] } : n));
    const accuracyWithout = train({ ...spec, nodes }, 600);
    expect(accuracyWithout).toBeGreaterThan(0.4);
    expect(accuracyWithout).toBeLessThan(0.6);
  }, 60_000);
});
