import { ignoreElements } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { buildNetwork, type Network } from '../../src/engine/network.ts';
import type { GraphSpec } from '../../src/graph/spec.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import { ShapeError } from '../../src/nodes/errors.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';
import { randomTensor } from '../helpers/gradient-check.ts';

/** Two interleaved spiral arms in the plane, labels 0 and 1, seeded. */
function spirals(count: number, seed: number): { inputs: Tensor; targets: Tensor } {
  const random = createRandom(seed);
  const inputs = tensor([count, 2]);
  const targets = tensor([count]);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const t = random.uniform();
    const angle = 3 * Math.PI * t + label * Math.PI;
    const radius = 0.2 + 2 * t;
    inputs.data[2 * i] = radius * Math.cos(angle) + 0.05 * random.normal();
    inputs.data[2 * i + 1] = radius * Math.sin(angle) + 0.05 * random.normal();
    targets.data[i] = label;
  }
  return { inputs, targets };
}

function accuracy(network: Network, data: { inputs: Tensor; targets: Tensor }): number {
  const logits = network.predict(data.inputs).data;
  let correct = 0;
  for (let i = 0; i < data.targets.data.length; i++) {
    const predicted = logits[2 * i + 1] > logits[2 * i] ? 1 : 0;
    if (predicted === data.targets.data[i]) correct += 1;
  }
  return correct / data.targets.data.length;
}

/** Rows `start…start+size` of a dataset, as a batch. */
function slice(data: { inputs: Tensor; targets: Tensor }, start: number, size: number) {
  const features = data.inputs.shape[1];
  return {
    inputs: tensor(
      [size, features],
      data.inputs.data.slice(start * features, (start + size) * features),
    ),
    targets: tensor([size], data.targets.data.slice(start, start + size)),
  };
}

// input → dense → relu → dense → batchNorm → relu → dropout → dense → add(with the first dense) → relu → dense
const residualSpec: GraphSpec = {
  name: 'spiral-residual',
  input: { shape: [2] },
  nodes: [
    { id: 'dense-1', op: 'dense', params: { units: 32, init: 'he-normal' } },
    { id: 'relu-1', op: 'relu' },
    { id: 'dense-2', op: 'dense', params: { units: 32, init: 'he-normal' } },
    { id: 'bn', op: 'batchNorm' },
    { id: 'relu-2', op: 'relu' },
    { id: 'drop', op: 'dropout', params: { rate: 0.1 } },
    { id: 'dense-3', op: 'dense', params: { units: 32, init: 'he-normal' } },
    { id: 'skip', op: 'add', inputs: ['dense-3', 'dense-1'] },
    { id: 'relu-3', op: 'relu' },
    { id: 'dense-4', op: 'dense', params: { units: 2 } },
  ],
  loss: { op: 'softmaxCrossEntropy' },
  optimizer: { op: 'adam', params: { lr: 0.01 } },
  training: { seed: 4 },
};

// A node used in two places (tanh-1 feeds dense-a and dense-b), a skip from dense-1, a node fed
// the same input twice (twice), and both normalizations.
const forkSpec: GraphSpec = {
  input: { shape: [3] },
  nodes: [
    { id: 'dense-1', op: 'dense', params: { units: 4 } },
    { id: 'tanh-1', op: 'tanh' },
    { id: 'dense-a', op: 'dense', params: { units: 4 }, inputs: ['tanh-1'] },
    { id: 'tanh-a', op: 'tanh' },
    { id: 'dense-b', op: 'dense', params: { units: 4 }, inputs: ['tanh-1'] },
    { id: 'ln', op: 'layerNorm' },
    { id: 'sum', op: 'add', inputs: ['tanh-a', 'ln', 'dense-1'] },
    { id: 'bn', op: 'batchNorm' },
    { id: 'tanh-2', op: 'tanh' },
    { id: 'twice', op: 'add', inputs: ['tanh-2', 'tanh-2'] },
    { id: 'dense-out', op: 'dense', params: { units: 3 } },
  ],
  loss: { op: 'softmaxCrossEntropy' },
  training: { seed: 2 },
};

describe('buildNetwork with residual connections and normalization', () => {
  it('trains a residual network on two spirals far beyond chance', () => {
    const network = buildNetwork(validateGraph(residualSpec));
    const train = spirals(1024, 1);
    const test = spirals(1000, 2);
    const before = accuracy(network, test);
    let lastLoss = Infinity;
    for (let epoch = 0; epoch < 40; epoch++) {
      for (let start = 0; start < 1024; start += 64)
        lastLoss = network.trainStep(slice(train, start, 64)).loss;
    }
    const after = accuracy(network, test);
    expect(before).toBeLessThan(0.7);
    expect(after).toBeGreaterThan(0.95);
    expect(lastLoss).toBeLessThan(0.2);
  });

  it('uses batch statistics and dropout in trainStep, running statistics and no dropout in predict', () => {
    const network = buildNetwork(validateGraph(residualSpec));
    const bn = network.nodes.find((n) => n.id === 'bn')?.kernel.state;
    const data = spirals(64, 3);
    const runningMean = (): number[] => Array.from(bn?.runningMean.data ?? []);

    const first = Array.from(network.predict(data.inputs).data);
    expect(Array.from(network.predict(data.inputs).data)).toEqual(first);
    expect(runningMean().every((v) => v === 0)).toBe(true);

    network.trainStep(data);
    expect(runningMean().some((v) => v !== 0)).toBe(true);
    const meanAfterStep = runningMean();
    const evalOutput = Array.from(network.predict(data.inputs).data);
    expect(Array.from(network.predict(data.inputs).data)).toEqual(evalOutput);
    expect(runningMean()).toEqual(meanAfterStep);

    // A single sample is fine in eval mode, where batch norm needs no batch.
    const one = network.predict(slice(data, 0, 1).inputs).data;
    expect(Math.abs(one[0] - evalOutput[0])).toBeLessThan(1e-5);
  });

  it('refuses a training batch of one at the batch norm node', () => {
    const network = buildNetwork(validateGraph(residualSpec));
    expect(() => network.trainStep(slice(spirals(4, 1), 0, 1))).toThrow(
      /node 'bn': batch normalization in training needs more than one value per feature/,
    );
  });

  it('sums gradients from several consumers as finite differences of the loss say', () => {
    const network = buildNetwork(validateGraph(forkSpec), {
      optimizer: (source) => source.pipe(ignoreElements()),
    });
    const random = createRandom(9);
    const batch = {
      inputs: randomTensor([6, 3], 1, -2, 2),
      targets: tensor([6], [0, 1, 2, 2, 1, 0]),
    };
    const lossAt = (): number => network.trainStep(batch).loss;
    lossAt();
    const grads = network.params.map((p) => p.grad.data.slice());

    const h = 1e-2;
    let worst = { error: 0, where: 'nothing checked' };
    network.params.forEach((p, k) => {
      for (let n = 0; n < 4; n++) {
        const i = random.int(p.value.data.length);
        const saved = p.value.data[i];
        p.value.data[i] = saved + h;
        const plus = lossAt();
        p.value.data[i] = saved - h;
        const minus = lossAt();
        p.value.data[i] = saved;
        const numeric = (plus - minus) / (2 * h);
        const error = Math.abs(grads[k][i] - numeric) / Math.max(0.1, Math.abs(numeric));
        if (error > worst.error)
          worst = { error, where: `${p.id}[${i}]: analytic ${grads[k][i]}, numeric ${numeric}` };
      }
    });
    expect(network.params.map((p) => p.id)).toContain('dense-1/weight');
    expect(worst.error, worst.where).toBeLessThan(1e-2);
  });

  it('names both inputs and shapes when a residual join does not fit', () => {
    const spec: GraphSpec = {
      input: { shape: [4] },
      nodes: [
        { id: 'dense-1', op: 'dense', params: { units: 8 } },
        { id: 'dense-2', op: 'dense', params: { units: 6 } },
        { id: 'skip', op: 'add', inputs: ['dense-2', 'dense-1'] },
      ],
      loss: { op: 'softmaxCrossEntropy' },
    };
    const build = (): unknown => buildNetwork(validateGraph(spec));
    expect(build).toThrow(ShapeError);
    expect(build).toThrow(
      "node 'skip': expected inputs of one shape, got [6] from 'dense-2' and [8] from 'dense-1'",
    );
  });
});
