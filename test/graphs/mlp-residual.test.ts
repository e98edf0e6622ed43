import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNetwork } from '../../src/engine/network.ts';
import { validateGraph } from '../../src/graph/validate.ts';
import { tensor } from '../../src/tensor/tensor.ts';
import { randomTensor } from '../helpers/gradient-check.ts';

const spec: unknown = JSON.parse(
  readFileSync(new URL('../../graphs/mlp-residual.json', import.meta.url), 'utf8'),
);

describe('graphs/mlp-residual.json', () => {
  it('validates and builds a residual block around dense-2 … dense-3', () => {
    const network = buildNetwork(validateGraph(spec));
    const skip = network.nodes.find((n) => n.id === 'skip');
    expect(skip?.inputs).toEqual(['dense-3', 'relu-1']);
    expect(skip?.outputShape).toEqual([128]);
    expect(network.nodes.find((n) => n.id === network.outputId)?.outputShape).toEqual([10]);
    const weights = network.params.reduce((n, p) => n + p.value.data.length, 0);
    expect(weights).toBe(784 * 128 + 128 + 2 * (128 * 128 + 128) + 128 * 10 + 10);
  });

  it('takes a training step and lowers the loss on a repeated batch', () => {
    const network = buildNetwork(validateGraph(spec));
    const batch = {
      inputs: randomTensor([8, 784], 1, 0, 1),
      targets: tensor([8], [0, 1, 2, 3, 4, 5, 6, 7]),
    };
    const first = network.trainStep(batch).loss;
    let last = first;
    for (let i = 0; i < 5; i++) last = network.trainStep(batch).loss;
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first);
  });
});
