import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/nodes/errors.ts';
import type { NodeKernel } from '../../src/nodes/node.ts';
import { selfAttentionDefinition } from '../../src/nodes/self-attention.ts';
import { tensor } from '../../src/tensor/tensor.ts';
import { createKernel } from '../helpers/create-kernel.ts';
import { maxRelativeError } from '../helpers/expect-close.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';
import { expectKernelMatchesFixture, readKernelFixture } from '../helpers/kernel-fixture.ts';

const fixture = readKernelFixture<{ heads: number; units: number; causal: boolean }>(
  'attention.json',
);

function attention(
  params: Record<string, unknown>,
  inputShape: readonly number[],
  seed = 1,
): NodeKernel {
  return createKernel(selfAttentionDefinition, params, [inputShape], seed);
}

describe('selfAttention', () => {
  it.each([
    { heads: 1, units: 0, causal: false, inFeatures: 4 },
    { heads: 2, units: 4, causal: false, inFeatures: 3 },
    { heads: 2, units: 4, causal: true, inFeatures: 3 },
    { heads: 3, units: 6, causal: true, inFeatures: 5 },
  ])(
    'passes a finite-difference check for heads $heads, units $units, causal $causal',
    ({ inFeatures, ...params }) => {
      const kernel = attention(params, [5, inFeatures]);
      const result = checkKernelGradients(kernel, [randomTensor([2, 5, inFeatures], 3)]);
      expect(result.maxError, result.where).toBeLessThan(2e-3);
    },
  );

  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    'matches PyTorch forward and backward: %s',
    (_name, c) => {
      const [batch, seqLen, inFeatures] = c.inputShape;
      const kernel = attention(c.params, [seqLen, inFeatures]);
      const y = expectKernelMatchesFixture(kernel, c);
      expect(y.shape).toEqual([batch, seqLen, c.params.units]);
    },
  );

  it('defaults the model width to the input features', () => {
    expect(attention({ heads: 2 }, [7, 6]).outputShape).toEqual([7, 6]);
    expect(attention({ heads: 2, units: 8 }, [7, 6]).outputShape).toEqual([7, 8]);
  });

  it('names eight parameters per node, weights in dense layout', () => {
    const kernel = attention({ heads: 2, units: 4 }, [3, 5]);
    expect(kernel.params.map((p) => `${p.id} [${p.value.shape.join(', ')}]`)).toEqual([
      'node/queryWeight [4, 5]',
      'node/queryBias [4]',
      'node/keyWeight [4, 5]',
      'node/keyBias [4]',
      'node/valueWeight [4, 5]',
      'node/valueBias [4]',
      'node/outputWeight [4, 4]',
      'node/outputBias [4]',
    ]);
  });

  it('rejects a model width that the heads do not divide', () => {
    expect(() => attention({ heads: 3, units: 4 }, [3, 5])).toThrow(ShapeError);
    expect(() => attention({ heads: 3, units: 4 }, [3, 5])).toThrow(
      /node 'node'.*units \(4\).*heads \(3\)/,
    );
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
    expect(maxRelativeError(alone, together.subarray(12, 24))).toBeLessThan(1e-6);
  });
});
