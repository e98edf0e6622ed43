import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/engine/network.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import { embeddingDefinition } from '../../src/nodes/embedding.ts';
import { initOptionsFrom } from '../../src/nodes/init-params.ts';
import { selfAttentionDefinition } from '../../src/nodes/self-attention.ts';
import { simpleRnnDefinition } from '../../src/nodes/simple-rnn.ts';
import { createKernel } from '../helpers/create-kernel.ts';

function denseWeight(params: Record<string, unknown>, inFeatures = 200): Float32Array {
  const graph = validateGraph({
    input: { shape: [inFeatures] },
    nodes: [{ id: 'dense-1', op: 'dense', params: { units: 300, ...params } }],
    loss: { op: 'meanSquaredError' },
    training: { seed: 4 },
  });
  return buildNetwork(graph).params.find((p) => p.id === 'dense-1/weight')!.value.data;
}

function std(values: Float32Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return Math.sqrt(s / values.length);
}

describe('initOptionsFrom', () => {
  it('leaves gain and nonlinearity to the initializer by default', () => {
    const options = initOptionsFrom({
      initGain: 0,
      initNonlinearity: 'default',
      initMode: 'fanIn',
    });
    expect(options.gain).toBeUndefined();
    expect(options.nonlinearity).toBeUndefined();
    expect(options.mode).toBe('fanIn');
  });
});

describe('dense init parameters', () => {
  it('keeps the default Glorot uniform draw', () => {
    const w = denseWeight({});
    expect(std(w)).toBeCloseTo(Math.sqrt(2 / 500), 3);
  });

  it.each([
    [{ init: 'kaiming-normal' }, Math.sqrt(2 / 200)],
    [{ init: 'kaiming-normal', initMode: 'fanOut' }, Math.sqrt(2 / 300)],
    [{ init: 'kaiming-uniform', initNonlinearity: 'tanh' }, 5 / 3 / Math.sqrt(200)],
    [
      { init: 'he-normal', initNonlinearity: 'leakyRelu', initSlope: 0.2 },
      1.3867504905630728 / Math.sqrt(200),
    ],
    [{ init: 'xavier-normal', initGain: 2 }, 2 * Math.sqrt(2 / 500)],
    [{ init: 'lecun-normal' }, 1 / Math.sqrt(200)],
    [{ init: 'normal', initStd: 0.05 }, 0.05],
    [{ init: 'orthogonal' }, 1 / Math.sqrt(300)],
  ])('draws %o with the chosen spread', (params, expected) => {
    expect(std(denseWeight(params)) / expected).toBeCloseTo(1, 1);
  });

  it('fills a constant', () => {
    expect(denseWeight({ init: 'constant', initValue: 0.5 }).every((v) => v === 0.5)).toBe(true);
  });

  it('rejects an unknown fan mode, naming the node and field', () => {
    expect(() => denseWeight({ initMode: 'fanAvg' })).toThrow(
      /dense-1.*params\.initMode|params\.initMode.*dense-1/,
    );
  });
});

describe('init parameters on the other weighted layers', () => {
  it('scale every selfAttention projection', () => {
    const kernel = createKernel(
      selfAttentionDefinition,
      { heads: 2, units: 64, init: 'normal', initStd: 0.02 },
      [[8, 32]],
    );
    const weights = kernel.params.filter((p) => p.name.endsWith('Weight'));
    expect(weights.map((p) => p.name)).toEqual([
      'queryWeight',
      'keyWeight',
      'valueWeight',
      'outputWeight',
    ]);
    for (const w of weights) expect(std(w.value.data) / 0.02).toBeCloseTo(1, 1);
  });

  it('give simpleRnn an orthogonal recurrent matrix with the chosen gain', () => {
    const kernel = createKernel(simpleRnnDefinition, { units: 16, initGain: 1.5 }, [[5, 4]]);
    const w = kernel.params.find((p) => p.name === 'recurrentWeight')!.value.data;
    // W·Wᵀ = 1.5²·I for an orthogonal matrix scaled by 1.5.
    for (let i = 0; i < 16; i++) {
      for (let j = 0; j < 16; j++) {
        let dot = 0;
        for (let k = 0; k < 16; k++) dot += w[i * 16 + k] * w[j * 16 + k];
        expect(dot).toBeCloseTo(i === j ? 2.25 : 0, 4);
      }
    }
  });

  it('shrink an embedding table', () => {
    const kernel = createKernel(embeddingDefinition, { vocabSize: 500, units: 40, initStd: 0.02 }, [
      [6],
    ]);
    expect(std(kernel.params[0].value.data) / 0.02).toBeCloseTo(1, 1);
  });
});
