import { describe, expect, it } from 'vitest';
import { tailorMitigation } from '../../src/cli/tailor-mitigation.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import { MITIGATIONS, type Alert, type AlertKind } from '../../src/monitor/alert.ts';

const alert = (kind: AlertKind, layer = 'dense-1'): Alert => ({
  kind,
  layer,
  step: 60,
  evidence: {},
  message: 'm',
  mitigation: MITIGATIONS[kind],
});

const sigmoidNet = validateGraph({
  input: { shape: [4] },
  nodes: [
    { id: 'dense-1', op: 'dense', params: { units: 4, init: 'glorot-normal' } },
    { op: 'sigmoid' },
    { id: 'dense-2', op: 'dense', params: { units: 2 } },
  ],
  loss: { op: 'softmaxCrossEntropy' },
});

const residualReluNet = validateGraph({
  input: { shape: [4] },
  nodes: [
    { id: 'dense-1', op: 'dense', params: { units: 4, init: 'normal' } },
    { id: 'bn', op: 'batchNorm' },
    { id: 'relu-1', op: 'relu' },
    { id: 'skip', op: 'add', inputs: ['relu-1', 'input'] },
    { id: 'dense-2', op: 'dense', params: { units: 2 } },
  ],
  loss: { op: 'softmaxCrossEntropy' },
  optimizer: { op: 'sgd', params: { lr: 0.1 }, clip: { op: 'norm', params: { maxNorm: 1 } } },
});

describe('tailorMitigation', () => {
  it('leaves out the initialization a sigmoid network already scales', () => {
    expect(tailorMitigation(alert('vanishing-gradients'), sigmoidNet)).toBe(
      'use ReLU-family activations instead of sigmoid/tanh, batch normalization, or skip connections',
    );
  });

  it('names only the unscaled initializer when the graph has every other cure', () => {
    expect(tailorMitigation(alert('vanishing-gradients'), residualReluNet)).toBe(
      "use He (ReLU) or Xavier (tanh/sigmoid) initialization instead of 'normal'",
    );
  });

  it('asks for a smaller clipping norm when the graph already clips', () => {
    expect(tailorMitigation(alert('exploding-gradients'), residualReluNet)).toBe(
      "use a smaller clipping norm, a smaller learning rate, or He (ReLU) or Xavier (tanh/sigmoid) initialization instead of 'normal'",
    );
    expect(tailorMitigation(alert('exploding-gradients'), sigmoidNet)).toBe(
      'use gradient clipping by global norm, a smaller learning rate, or batch or layer normalization',
    );
  });

  it('suggests leaky ReLU only for a plain ReLU layer', () => {
    expect(tailorMitigation(alert('dying-relu', 'relu-1'), residualReluNet)).toContain(
      'leaky ReLU or ELU',
    );
    expect(tailorMitigation(alert('dying-relu', 'bn'), residualReluNet)).not.toContain('leaky');
  });

  it('keeps the general advice for kinds it does not tailor', () => {
    expect(tailorMitigation(alert('non-finite'), sigmoidNet)).toBe(MITIGATIONS['non-finite']);
  });
});

describe('tailorMitigation on a graph with every cure', () => {
  const complete = validateGraph({
    input: { shape: [4] },
    nodes: [
      { id: 'embed', op: 'embedding', params: { vocabSize: 5, units: 4 } },
      { id: 'pool', op: 'meanPool' },
      { id: 'dense-1', op: 'dense', params: { units: 4, init: 'he-normal' } },
      { id: 'bn', op: 'batchNorm' },
      { id: 'relu-1', op: 'relu' },
      { id: 'skip', op: 'add', inputs: ['relu-1', 'pool'] },
      { id: 'out', op: 'dense', params: { units: 2 } },
    ],
    loss: { op: 'softmaxCrossEntropy' },
    optimizer: {
      op: 'adam',
      params: { lr: 1e-3 },
      clip: { op: 'value', params: { clipValue: 1 } },
    },
  });

  it('says the usual cures are in place instead of repeating them', () => {
    expect(tailorMitigation(alert('vanishing-gradients'), complete)).toMatch(
      /^this graph already has ReLU-family activations, scaled initialization, normalization and skip connections; look at the learning rate/,
    );
  });

  it('does not count an embedding’s N(0, 1) table as unscaled, and knows a clip by value', () => {
    expect(tailorMitigation(alert('exploding-gradients'), complete)).toBe(
      'use a smaller clip value (or clipping by global norm), or a smaller learning rate',
    );
  });
});
