import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/engine/network.ts';
import { lossDefinitions } from '../../src/graph/registry.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import type { LossKernel } from '../../src/nodes/losses/loss.ts';
import { tensor, type Shape, type Tensor } from '../../src/tensor/tensor.ts';
import { randomTensor } from '../helpers/gradient-check.ts';

interface FixtureCase {
  name: string;
  op: string;
  predictionShape: number[];
  predictions: number[];
  targetShape: number[];
  targets: number[];
  loss: number;
  gradient: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/losses.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };

function build(op: string, predictionShape: Shape): LossKernel {
  return lossDefinitions
    .get(op)!
    .create({}, { predictionShape: predictionShape.slice(1), predictionId: 'dense-2' });
}

/**
 * Largest error of the analytic gradient against central differences of the loss, relative to
 * the largest gradient element (gradients carry a 1/N, so a floor of 1 would hide mistakes).
 */
function finiteDifferenceError(
  kernel: LossKernel,
  predictions: Tensor,
  targets: Tensor,
  h = 1e-2,
): number {
  kernel.forward(predictions, targets);
  const analytic = kernel.backward().data.slice();
  const scale = Math.max(...Array.from(analytic, Math.abs));
  let worst = 0;
  for (let i = 0; i < predictions.data.length; i++) {
    const saved = predictions.data[i];
    predictions.data[i] = saved + h;
    const plus = kernel.forward(predictions, targets);
    predictions.data[i] = saved - h;
    const minus = kernel.forward(predictions, targets);
    predictions.data[i] = saved;
    // Divide by the step float32 really took, not the one asked for.
    const numeric = (plus - minus) / (Math.fround(saved + h) - Math.fround(saved - h));
    worst = Math.max(worst, Math.abs(analytic[i] - numeric) / scale);
  }
  return worst;
}

describe('losses', () => {
  it.each(fixture.cases.map((c) => [c.op, c.name, c] as const))(
    '%s (%s) matches PyTorch’s value and gradient',
    (op, _name, c) => {
      const kernel = build(op, c.predictionShape);
      const loss = kernel.forward(
        tensor(c.predictionShape, c.predictions),
        tensor(c.targetShape, c.targets),
      );
      expect(Math.abs(loss - c.loss)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(c.loss)));
      const gradient = kernel.backward();
      expect(gradient.shape).toEqual(c.predictionShape);
      c.gradient.forEach((g, i) =>
        expect(Math.abs(gradient.data[i] - g), `gradient[${i}]`).toBeLessThanOrEqual(
          1e-7 + 1e-6 * Math.abs(g),
        ),
      );
    },
  );

  it.each(
    fixture.cases.filter((c) => !c.name.includes('1000')).map((c) => [c.op, c.name, c] as const),
  )('%s (%s) has the gradient of central finite differences', (op, _name, c) => {
    const kernel = build(op, c.predictionShape);
    const error = finiteDifferenceError(
      kernel,
      tensor(c.predictionShape, c.predictions),
      tensor(c.targetShape, c.targets),
    );
    expect(error).toBeLessThan(1e-3);
  });
});

describe('meanSquaredError', () => {
  it('averages over every element, as PyTorch', () => {
    const kernel = build('meanSquaredError', [2, 2]);
    expect(kernel.forward(tensor([2, 2], [1, 2, 3, 4]), tensor([2, 2], [0, 0, 0, 0]))).toBeCloseTo(
      30 / 4,
      12,
    );
    expect(Array.from(kernel.backward().data)).toEqual([0.5, 1, 1.5, 2]);
  });

  it('rejects targets of another shape', () => {
    const kernel = build('meanSquaredError', [2, 3]);
    expect(() => kernel.forward(tensor([2, 3]), tensor([2]))).toThrow(
      "[gradstream] loss 'meanSquaredError': expected targets shaped like the predictions [2, 3] from 'dense-2', got [2]",
    );
  });
});

describe('softmaxCrossEntropy', () => {
  it('gives the same loss and gradient for labels and their one-hot rows', () => {
    const logits = randomTensor([4, 5], 3, -4, 4);
    const labels = [4, 0, 2, 2];
    const oneHot = tensor([4, 5]);
    labels.forEach((l, r) => (oneHot.data[r * 5 + l] = 1));
    const byLabels = build('softmaxCrossEntropy', [4, 5]);
    const byRows = build('softmaxCrossEntropy', [4, 5]);
    expect(byRows.forward(logits, oneHot)).toBeCloseTo(
      byLabels.forward(logits, tensor([4], labels)),
      12,
    );
    expect(Array.from(byRows.backward().data)).toEqual(Array.from(byLabels.backward().data));
  });

  it('switches between labels and probabilities from one step to the next', () => {
    const kernel = build('softmaxCrossEntropy', [2, 2]);
    const logits = tensor([2, 2], [0, Math.log(3), 1, 1]);
    expect(kernel.forward(logits, tensor([2], [1, 0]))).toBeCloseTo(
      (-Math.log(0.75) - Math.log(0.5)) / 2,
      6,
    );
    expect(kernel.forward(logits, tensor([2, 2], [0.5, 0.5, 0, 1]))).toBeCloseTo(
      (-0.5 * Math.log(0.25) - 0.5 * Math.log(0.75) - Math.log(0.5)) / 2,
      6,
    );
    expect(kernel.backward().data[0]).toBeCloseTo((0.25 - 0.5) / 2, 6);
  });

  it('scales p by the target mass for targets that do not sum to 1, as PyTorch', () => {
    // z = [0, ln 3], t = [1, 1]: p = [1/4, 3/4]; L = −ln(1/4) − ln(3/4) = ln(16/3);
    // ∂L/∂z = p·Σt − t = [1/2 − 1, 3/2 − 1] = [−1/2, 1/2].
    const kernel = build('softmaxCrossEntropy', [1, 2]);
    const loss = kernel.forward(tensor([1, 2], [0, Math.log(3)]), tensor([1, 2], [1, 1]));
    expect(loss).toBeCloseTo(Math.log(16 / 3), 6);
    const g = kernel.backward().data;
    expect(g[0]).toBeCloseTo(-0.5, 6);
    expect(g[1]).toBeCloseTo(0.5, 6);
  });

  it('rejects targets that are neither labels nor probabilities', () => {
    const kernel = build('softmaxCrossEntropy', [2, 3]);
    expect(() => kernel.forward(tensor([2, 3]), tensor([2, 4]))).toThrow(
      "[gradstream] loss 'softmaxCrossEntropy': expected labels [2] or probabilities [2, 3] for the logits from 'dense-2', got targets [2, 4]",
    );
  });

  it('rejects a label outside the classes', () => {
    const kernel = build('softmaxCrossEntropy', [2, 3]);
    expect(() => kernel.forward(tensor([2, 3]), tensor([2], [0, 3]))).toThrow(
      'label at batch row 1 is 3, expected an integer in [0, 3)',
    );
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  it('stays finite and exact for logits of ±1e4', () => {
    const kernel = build('binaryCrossEntropyWithLogits', [4]);
    // Confident and right costs 0; confident and wrong costs |z|.
    const loss = kernel.forward(tensor([4], [1e4, -1e4, 1e4, -1e4]), tensor([4], [1, 0, 0, 1]));
    expect(loss).toBeCloseTo(2e4 / 4, 6);
    expect(Array.from(kernel.backward().data)).toEqual([0, 0, 0.25, -0.25]);
  });

  it('rejects targets of another shape', () => {
    const kernel = build('binaryCrossEntropyWithLogits', [3, 1]);
    expect(() => kernel.forward(tensor([3, 1]), tensor([3]))).toThrow(
      "[gradstream] loss 'binaryCrossEntropyWithLogits': expected targets shaped like the predictions [3, 1] from 'dense-2', got [3]",
    );
  });
});

describe('losses in a network', () => {
  it.each([
    ['meanSquaredError', [8, 2]],
    ['binaryCrossEntropyWithLogits', [8, 2]],
    ['softmaxCrossEntropy', [8, 2]],
  ])('trains with %s and targets shaped %o', (op, targetShape) => {
    const graph = validateGraph({
      input: { shape: [3] },
      nodes: [
        { op: 'dense', params: { units: 4 } },
        { op: 'tanh' },
        { op: 'dense', params: { units: 2 } },
      ],
      loss: { op },
      optimizer: { op: 'sgd', params: { lr: 0.1 } },
      training: { seed: 1 },
    });
    const network = buildNetwork(graph);
    const inputs = randomTensor([8, 3], 2);
    const targets = randomTensor(targetShape, 5, 0, 1);
    if (op === 'softmaxCrossEntropy') {
      for (let r = 0; r < 8; r++) targets.data[r * 2 + 1] = 1 - targets.data[r * 2];
    }
    const first = network.trainStep({ inputs, targets }).loss;
    let last = first;
    for (let step = 0; step < 30; step++) last = network.trainStep({ inputs, targets }).loss;
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first);
  });
});
