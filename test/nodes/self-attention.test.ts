import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/nodes/errors.ts';
import type { NodeKernel } from '../../src/nodes/node.ts';
import { selfAttentionDefinition } from '../../src/nodes/self-attention.ts';
import { tensor } from '../../src/tensor/tensor.ts';
import { createKernel } from '../helpers/create-kernel.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';

interface FixtureCase {
  readonly name: string;
  readonly params: { heads: number; units: number; causal: boolean };
  readonly inputShape: [number, number, number];
  readonly x: number[];
  readonly dy: number[];
  readonly y: number[];
  readonly dx: number[];
  readonly weights: Record<string, number[]>;
  readonly grads: Record<string, number[]>;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/attention.json', import.meta.url), 'utf8')) as {
  cases: FixtureCase[];
};

/** Largest |a − b| / max(1, |b|) over two arrays of one length. */
function maxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

function attention(params: Record<string, unknown>, inputShape: readonly number[], seed = 1): NodeKernel {
  return createKernel(selfAttentionDefinition, params, [inputShape], seed);
}

describe('selfAttention', () => {
  it.each([
    { heads: 1, units: 0, causal: false, inFeatures: 4 },
    { heads: 2, units: 4, causal: false, inFeatures: 3 },
    { heads: 2, units: 4, causal: true, inFeatures: 3 },
    { heads: 3, units: 6, causal: true, inFeatures: 5 },
  ])('passes a finite-difference check for heads $heads, units $units, causal $causal', ({ inFeatures, ...params }) => {
    const kernel = attention(params, [5, inFeatures]);
    const result = checkKernelGradients(kernel, [randomTensor([2, 5, inFeatures], 3)]);
    expect(result.maxError, result.where).toBeLessThan(2e-3);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('matches PyTorch forward and backward: %s', (_name, c) => {
    const [batch, seqLen, inFeatures] = c.inputShape;
    const kernel = attention(c.params, [seqLen, inFeatures]);
    for (const p of kernel.params) {
      p.value.data.set(c.weights[p.name]);
      p.grad.data.fill(0);
    }
    const y = kernel.forward([tensor([batch, seqLen, inFeatures], c.x)], 'train');
    expect(y.shape).toEqual([batch, seqLen, c.params.units]);
    expect(maxError(y.data, c.y)).toBeLessThan(1e-5);

    const [dx] = kernel.backward(tensor(y.shape, c.dy), [true]);
    expect(maxError((dx as { data: Float32Array }).data, c.dx)).toBeLessThan(1e-5);
    for (const p of kernel.params) expect(maxError(p.grad.data, c.grads[p.name]), p.id).toBeLessThan(1e-5);
  });

  it('defaults the model width to the input features', () => {
    expect(attention({ heads: 2 }, [7, 6]).outputShape).toEqual([7, 6]);
    expect(attention({ heads: 2, units: 8 }, [7, 6]).outputShape).toEqual([7, 8]);
  });

  it('names eight parameters per node, weights in dense layout', () => {
    const kernel = attention({ heads: 2, units: 4 }, [3, 5]);
    expect(kernel.params.map((p) => `${p.id} [${p.value.shape.join(', ')}]`)).toEqual([
      'node/queryWeight [4, 5]', 'node/queryBias [4]',
      'node/keyWeight [4, 5]', 'node/keyBias [4]',
      'node/valueWeight [4, 5]', 'node/valueBias [4]',
      'node/outputWeight [4, 4]', 'node/outputBias [4]',
    ]);
  });

  it('rejects a model width that the heads do not divide', () => {
    expect(() => attention({ heads: 3, units: 4 }, [3, 5])).toThrow(ShapeError);
    expect(() => attention({ heads: 3, units: 4 }, [3, 5])).toThrow(/node 'node'.*units \(4\).*heads \(3\)/);
  });

  it('rejects input without a sequence axis', () => {
    expect(() => attention({ heads: 1 }, [5])).toThrow(/\[seqLen, features\].*got \[5\]/);
  });

  it('keeps causal outputs independent of later positions', () => {
    const kernel = attention({ heads: 2, units: 4, causal: true }, [4, 3]);
    const x = randomTensor([1, 4, 3], 5);
    const before = kernel.forward([x], 'eval').data.slice();
    x.data.fill(9, 2 * 3);
    const after = kernel.forward([x], 'eval').data;
    expect(Array.from(after.subarray(0, 2 * 4))).toEqual(Array.from(before.subarray(0, 2 * 4)));
    expect(after[2 * 4]).not.toBe(before[2 * 4]);
  });

  it('gives each sample the same result whatever the batch around it', () => {
    const kernel = attention({ heads: 2, units: 4 }, [3, 4]);
    const x = randomTensor([3, 3, 4], 8);
    const together = kernel.forward([x], 'eval').data.slice();
    const alone = kernel.forward([tensor([1, 3, 4], x.data.slice(12, 24))], 'eval').data;
    expect(maxError(alone, together.subarray(12, 24))).toBeLessThan(1e-6);
  });
});
