import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/data/mnist.ts';
import { splitDataset } from '../../src/data/split.ts';
import { subset } from '../../src/data/dataset.ts';
import { buildNetwork } from '../../src/engine/network.ts';
import { evaluateAccuracy } from '../../src/engine/evaluate.ts';
import { train$, type EpochEvent } from '../../src/engine/trainer.ts';
import { sequential } from '../../src/graph/sequential.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import { dense } from '../../src/nodes/dense.ts';
import { relu, sigmoid, tanh } from '../../src/nodes/activations/functions.ts';
import { ShapeError } from '../../src/nodes/errors.ts';
import { sgd } from '../../src/optim/sgd.ts';
import { tensor } from '../../src/tensor/tensor.ts';
import { lastValueFrom, toArray } from 'rxjs';
import { randomTensor } from '../helpers/gradient-check.ts';

const smallSpec = () =>
  sequential({
    input: [6],
    nodes: [
      dense({ units: 5, id: 'hidden' }),
      tanh(),
      dense({ units: 4 }),
      sigmoid(),
      dense({ units: 3, id: 'logits' }),
    ],
    loss: 'softmaxCrossEntropy',
    training: { seed: 3 },
  });

const batch = () => ({ inputs: randomTensor([4, 6], 21), targets: tensor([4], [0, 2, 1, 2]) });

describe('buildNetwork', () => {
  it('computes parameter gradients that match finite differences of the loss', () => {
    // With lr = 0 a training step leaves the weights alone, so it measures loss and gradient.
    const network = buildNetwork(validateGraph(smallSpec()), { optimizer: sgd({ lr: 0 }) });
    const b = batch();
    const h = 1e-2;
    let worst = 0;
    for (const param of network.params) {
      network.trainStep(b);
      const analytic = param.grad.data.slice();
      for (let i = 0; i < param.value.data.length; i += 3) {
        const saved = param.value.data[i];
        param.value.data[i] = saved + h;
        const plus = network.trainStep(b).loss;
        param.value.data[i] = saved - h;
        const minus = network.trainStep(b).loss;
        param.value.data[i] = saved;
        const numeric = (plus - minus) / (2 * h);
        // Float32 forward passes leave about 1e-5 of noise in a difference quotient; allow that plus 1%.
        worst = Math.max(
          worst,
          Math.abs(numeric - analytic[i]) / (1e-4 + 0.01 * Math.abs(analytic[i])),
        );
      }
    }
    expect(worst).toBeLessThan(1);
  });

  it('builds the same network from code and from JSON', () => {
    const fromCode = buildNetwork(validateGraph(smallSpec()));
    const fromJson = buildNetwork(validateGraph(JSON.parse(JSON.stringify(smallSpec()))));
    expect(fromCode.params.map((p) => p.id)).toEqual([
      'hidden/weight',
      'hidden/bias',
      'dense-1/weight',
      'dense-1/bias',
      'logits/weight',
      'logits/bias',
    ]);
    expect(fromCode.trainStep(batch()).loss).toBe(fromJson.trainStep(batch()).loss);
  });

  it('gives bit-identical runs for the same seed and different ones for another', () => {
    const losses = (seed: number) => {
      const network = buildNetwork(validateGraph(smallSpec()), { seed });
      return [1, 2, 3].map(() => network.trainStep(batch()).loss);
    };
    expect(losses(5)).toEqual(losses(5));
    expect(losses(5)).not.toEqual(losses(6));
  });

  it('emits one activation frame and one parameter gradient per training step to subscribers', () => {
    const network = buildNetwork(validateGraph(smallSpec()));
    const activationSteps: number[] = [];
    const gradientNorms: number[] = [];
    network.activations$('hidden').subscribe((f) => {
      expect(f.tensor.shape).toEqual([4, 5]);
      activationSteps.push(f.step);
    });
    network.paramGradients$('logits/weight').subscribe(({ grad }) => {
      gradientNorms.push(Math.hypot(...grad.data));
    });
    for (let i = 0; i < 3; i++) network.trainStep(batch());
    expect(activationSteps).toEqual([1, 2, 3]);
    expect(gradientNorms).toHaveLength(3);
    expect(gradientNorms.every((n) => n > 0)).toBe(true);
  });

  it('shows gradient subscribers the raw gradients and the weights before the update', () => {
    const network = buildNetwork(validateGraph(smallSpec()), { optimizer: sgd({ lr: 0.5 }) });
    const weight = network.params[0];
    const before = weight.value.data.slice();
    let seen: { value: Float32Array; grad: Float32Array } | undefined;
    network
      .paramGradients$(weight.id)
      .subscribe(
        ({ value, grad }) => (seen = { value: value.data.slice(), grad: grad.data.slice() }),
      );
    network.trainStep(batch());
    expect(seen?.value).toEqual(before);
    // SGD with lr 0.5 then moved every weight by −0.5 × the gradient the subscriber saw.
    weight.value.data.forEach((w, i) =>
      expect(w).toBeCloseTo(before[i] - 0.5 * (seen as { grad: Float32Array }).grad[i], 6),
    );
  });

  it('emits activation taps in forward order, each before the nodes after it run', () => {
    const network = buildNetwork(validateGraph(smallSpec()));
    const order: string[] = [];
    for (const node of [...network.nodes].reverse())
      network.activations$(node.id).subscribe(() => order.push(node.id));
    network.trainStep(batch());
    expect(order).toEqual(network.nodes.map((n) => n.id));
  });

  it('streams the gradient arriving at a node output', () => {
    const network = buildNetwork(validateGraph(smallSpec()));
    const shapes: number[][] = [];
    network.outputGradients$('hidden').subscribe((f) => shapes.push([...f.tensor.shape]));
    network.trainStep(batch());
    expect(shapes).toEqual([[4, 5]]);
  });

  it('rejects a batch of the wrong shape with a ShapeError', () => {
    const network = buildNetwork(validateGraph(smallSpec()));
    expect(() => network.trainStep({ inputs: tensor([4, 5]), targets: tensor([4]) })).toThrow(
      ShapeError,
    );
    expect(() => network.trainStep({ inputs: tensor([4, 5]), targets: tensor([4]) })).toThrow(
      /expected a batch of shape \[batch, 6\], got \[4, 5\]/,
    );
  });

  it('reports a label out of range as an error of the step', () => {
    const network = buildNetwork(validateGraph(smallSpec()));
    expect(() =>
      network.trainStep({ inputs: randomTensor([2, 6], 1), targets: tensor([2], [0, 7]) }),
    ).toThrow(/label at batch row 1 is 7/);
  });
});

describe('train$', () => {
  it('learns real MNIST digits far above chance in a short run', async () => {
    const all = loadMnist();
    const split = splitDataset(all, 500, 1);
    const data = {
      train: subset(
        split.train,
        Array.from({ length: 2000 }, (_, i) => i),
      ),
      test: split.test,
    };
    const network = buildNetwork(
      validateGraph(
        sequential({
          input: [784],
          nodes: [dense({ units: 64, init: 'he-normal' }), relu(), dense({ units: 10 })],
          loss: 'softmaxCrossEntropy',
          optimizer: { op: 'adam', params: { lr: 0.002 } },
        }),
      ),
      { seed: 1 },
    );
    const before = evaluateAccuracy(network, data.test);
    const events = await lastValueFrom(
      train$(network, data, { epochs: 3, batchSize: 32, seed: 1 }).pipe(toArray()),
    );
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    expect(before).toBeLessThan(0.3);
    expect(epochs).toHaveLength(3);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(3 * Math.ceil(2000 / 32));
    expect(epochs[2].loss).toBeLessThan(epochs[0].loss);
    expect(epochs[2].testAccuracy).toBeGreaterThan(0.8);
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      epochs: 3,
      testAccuracy: epochs[2].testAccuracy,
    });
  });
});

describe('buildNetwork with token inputs', () => {
  const tokenSpec = (embedInputs?: string[]) =>
    validateGraph({
      input: { shape: [3] },
      nodes: [
        { id: 'd', op: 'dense', params: { units: 3 } },
        { id: 'embed', op: 'embedding', params: { vocabSize: 5, units: 4 }, inputs: embedInputs },
        { id: 'pool', op: 'meanPool' },
        { id: 'logits', op: 'dense', params: { units: 2 } },
      ],
      loss: { op: 'softmaxCrossEntropy' },
    });

  it('refuses bad token ids before they enter the graph, leaving the network usable', () => {
    const network = buildNetwork(tokenSpec(['input']));
    const good = { inputs: tensor([2, 3], [0, 1, 4, 3, 2, 1]), targets: tensor([2], [0, 1]) };
    network.trainStep(good);
    expect(() => network.predict(tensor([1, 3], [0, 9, 1]))).toThrow(
      "[gradstream] node 'embed': expected token ids that are integers in [0, 4], got 9 at batch row 0, position 1",
    );
    expect(() =>
      network.trainStep({ ...good, inputs: tensor([2, 3], [0, 1, 2, 3, 4, -1]) }),
    ).toThrow('got -1 at batch row 1, position 2');
    expect(network.predict(good.inputs).shape).toEqual([2, 2]);
    expect(network.trainStep(good).step).toBe(2);
  });

  it('rejects an embedding that reads anything but the graph input', () => {
    expect(() => buildNetwork(tokenSpec(['d']))).toThrow(
      `[gradstream] graph spec, node 'embed', field 'inputs': 'embedding' reads the graph's input (its values are ids, not differentiable), got 'd'`,
    );
  });

  it('says why a node before anything trainable has no output gradients', () => {
    const network = buildNetwork(
      validateGraph({
        input: { shape: [3] },
        nodes: [
          { id: 'r', op: 'relu' },
          { id: 'out', op: 'dense', params: { units: 2 } },
        ],
        loss: { op: 'softmaxCrossEntropy' },
      }),
    );
    expect(() => network.outputGradients$('r')).toThrow(
      "[gradstream] outputGradients$: node 'r' gets no gradient, as nothing before it learns",
    );
    expect(() => network.outputGradients$('nope')).toThrow("no node 'nope'");
  });
});

describe('Network.trainStep', () => {
  it('pairs the next batch with its own targets after refusing a batch', () => {
    const fresh = buildNetwork(validateGraph(smallSpec()));
    const refused = buildNetwork(validateGraph(smallSpec()));
    const wrongShape = { inputs: randomTensor([4, 5], 2), targets: tensor([4], [1, 1, 1, 1]) };
    expect(() => refused.trainStep(wrongShape)).toThrow(ShapeError);
    expect(refused.trainStep(batch()).loss).toBe(fresh.trainStep(batch()).loss);
    expect(refused.stepCount).toBe(1);
  });
});

describe('Network.trainStep targets', () => {
  it('refuses a label out of range before the step, and trains on the next batch', () => {
    const network = buildNetwork(validateGraph(smallSpec()));
    const bad = { inputs: randomTensor([4, 6], 21), targets: tensor([4], [0, 2, 3, 1]) };
    expect(() => network.trainStep(bad)).toThrow(
      "[gradstream] loss 'softmaxCrossEntropy': label at batch row 2 is 3, expected an integer in [0, 3)",
    );
    const fresh = buildNetwork(validateGraph(smallSpec()));
    expect(network.trainStep(batch()).loss).toBe(fresh.trainStep(batch()).loss);
  });

  it('refuses a NaN regression target, naming the row', () => {
    const network = buildNetwork(
      validateGraph({
        input: { shape: [2] },
        nodes: [{ id: 'out', op: 'dense', params: { units: 1 } }],
        loss: { op: 'meanSquaredError' },
      }),
    );
    const inputs = tensor([2, 2], [1, 2, 3, 4]);
    expect(() => network.trainStep({ inputs, targets: tensor([2, 1], [0.5, NaN]) })).toThrow(
      "[gradstream] loss 'meanSquaredError': target at batch row 1 is NaN, expected a finite number",
    );
    expect(
      Number.isFinite(network.trainStep({ inputs, targets: tensor([2, 1], [0.5, 1]) }).loss),
    ).toBe(true);
  });
});
