import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editGraph } from '../../src/graph/edit-graph.ts';
import type { GraphSpec } from '../../src/graph/spec.ts';
import { validateGraph } from '../../src/graph/validate.ts';

const mlp = (): GraphSpec => JSON.parse(readFileSync('graphs/mnist-mlp.json', 'utf8'));

describe('editGraph', () => {
  it('forks a variant and leaves the original untouched', () => {
    const original = mlp();
    const variant = editGraph(original, (g) => {
      g.nodes[1] = { id: 'tanh-1', op: 'tanh' };
      g.nodes[2] = {
        ...g.nodes[2],
        inputs: ['tanh-1'],
        params: { units: 128, init: 'glorot-normal' },
      };
    });
    expect(original.nodes[1].op).toBe('relu');
    expect(variant.nodes.map((n) => n.op)).toEqual(['dense', 'tanh', 'dense', 'relu', 'dense']);
    // Untouched parts are shared, not copied.
    expect(variant.nodes[0]).toBe(original.nodes[0]);
    expect(variant.loss).toBe(original.loss);
    expect(validateGraph(variant).nodes[2].inputs).toEqual(['tanh-1']);
  });
});
