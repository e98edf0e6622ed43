import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/engine/network.ts';
import { GraphSpecError } from '../../src/graph/errors.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import type { NonFiniteReport } from '../../src/optim/non-finite.ts';
import { tensor } from '../../src/tensor/tensor.ts';

/** A two-feature, two-class softmax regression with the given optimizer entry. */
function spec(optimizer: unknown) {
  return {
    input: { shape: [2] },
    nodes: [{ id: 'out', op: 'dense', params: { units: 2 } }],
    loss: { op: 'softmaxCrossEntropy' },
    optimizer,
    training: { seed: 3 },
  };
}

const batch = (x = 1) => ({
  inputs: tensor([2, 2], Float32Array.from([x, 0, 0, x])),
  targets: tensor([2], Float32Array.from([0, 1])),
});

describe('validateGraph optimizer entry', () => {
  it('resolves a schedule, its warm-up hand-over and clipping with defaults', () => {
    const graph = validateGraph(
      spec({
        op: 'adamw',
        params: { lr: 0.01 },
        schedule: {
          op: 'warmup',
          params: { steps: 3 },
          then: { op: 'cosine', params: { tMax: 10 } },
        },
        clip: { op: 'norm', params: { maxNorm: 1, nonFinite: 'skip' } },
      }),
    );
    expect(graph.optimizer.params.weightDecay).toBe(0.01);
    expect(graph.optimizer.schedule).toEqual({
      op: 'warmup',
      params: { steps: 3, startFactor: 1 / 3, endFactor: 1 },
      then: { op: 'cosine', params: { tMax: 10, etaMin: 0 } },
    });
    expect(graph.optimizer.clip).toEqual({ op: 'norm', params: { maxNorm: 1, nonFinite: 'skip' } });
  });

  it.each([
    [
      { op: 'adam', schedule: { op: 'cosine', params: {} } },
      'optimizer.schedule.params.tMax',
      /'cosine' needs parameter 'tMax'/,
    ],
    [
      { op: 'adam', schedule: { op: 'spiral' } },
      'optimizer.schedule.op',
      /unknown op "spiral"; known: step, exponential, cosine, warmup, plateau/,
    ],
    [
      { op: 'adam', schedule: { op: 'warmup', params: { steps: 2 }, then: { op: 'plateau' } } },
      'optimizer.schedule.then.op',
      /reads the loss/,
    ],
    [
      { op: 'adam', schedule: { op: 'step', params: { stepSize: 2 }, then: { op: 'cosine' } } },
      'optimizer.schedule.then',
      /takes no 'then'/,
    ],
    [
      { op: 'adam', clip: { op: 'norm', params: { maxNorm: 1, nonFinite: 'ignore' } } },
      'optimizer.clip.params.nonFinite',
      /one of 'error', 'skip', 'zero'/,
    ],
    [
      { op: 'adam', clip: { op: 'norm', params: { maxNorm: 0 } } },
      'optimizer.clip.params.maxNorm',
      /> 0/,
    ],
    [{ op: 'adam', clipping: {} }, 'optimizer.clipping', /unknown key 'clipping'/],
    [
      { op: 'rmsprop', params: { centred: true } },
      'optimizer.params.centred',
      /unknown parameter 'centred'/,
    ],
  ])('names the field of a bad entry (%#)', (optimizer, field, message) => {
    let error: unknown;
    try {
      validateGraph(spec(optimizer));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphSpecError);
    expect((error as GraphSpecError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });
});

describe('buildNetwork with a spec schedule and clipping', () => {
  it('drives a step schedule by training steps', () => {
    const network = buildNetwork(
      validateGraph(
        spec({
          op: 'sgd',
          params: { lr: 0.1 },
          schedule: { op: 'step', params: { stepSize: 2, gamma: 0.5 } },
        }),
      ),
    );
    const rates: number[] = [];
    network.updates$.subscribe((u) => rates.push(u.lr));
    for (let i = 0; i < 5; i++) network.trainStep(batch());
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('drives reduce-on-plateau by the training loss', () => {
    // With threshold 0.5 a loss counts as better only below half the best, which a small rate never
    // reaches: losses 2 and 3 are bad, so the rate halves after the third (patience 1), and again
    // after the fifth; the optimizer uses each new rate from the next step on.
    const schedule = { op: 'plateau', params: { patience: 1, factor: 0.5, threshold: 0.5 } };
    const network = buildNetwork(
      validateGraph(spec({ op: 'sgd', params: { lr: 1e-4 }, schedule })),
    );
    const rates: number[] = [];
    network.updates$.subscribe((u) => rates.push(u.lr));
    const losses = Array.from({ length: 6 }, () => network.trainStep(batch()).loss);
    expect(losses[5]).toBeLessThan(losses[0]);
    expect(losses[5]).toBeGreaterThan(losses[0] / 2);
    expect(rates).toEqual([1e-4, 1e-4, 1e-4, 5e-5, 5e-5, 2.5e-5]);
  });

  it("skips a step with non-finite gradients and reports it on nonFinite$ under 'skip'", () => {
    const network = buildNetwork(
      validateGraph(
        spec({
          op: 'adam',
          params: { lr: 0.01 },
          clip: { op: 'norm', params: { maxNorm: 1, nonFinite: 'skip' } },
        }),
      ),
    );
    const reports: NonFiniteReport[] = [];
    const steps: number[] = [];
    network.nonFinite$.subscribe((r) => reports.push(r));
    network.updates$.subscribe((u) => steps.push(u.step));
    const before = Array.from(network.params[0].value.data);
    network.trainStep(batch(Number.NaN));
    expect(Array.from(network.params[0].value.data)).toEqual(before);
    network.trainStep(batch());
    expect(steps).toEqual([2]);
    expect(reports).toEqual([
      { step: 1, operator: 'clipByNorm', policy: 'skip', paramIds: ['out/weight', 'out/bias'] },
    ]);
  });

  it("throws from trainStep under 'error', naming the parameters", () => {
    const network = buildNetwork(
      validateGraph(spec({ op: 'adam', clip: { op: 'value', params: { clipValue: 1 } } })),
    );
    expect(() => network.trainStep(batch(Number.POSITIVE_INFINITY))).toThrow(
      /^\[gradstream\] clipByValue: non-finite gradient \(NaN or Infinity\) at step 1 in 'out\/weight', 'out\/bias'/,
    );
  });
});
