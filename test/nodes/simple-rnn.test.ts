import { describe, expect, it } from 'vitest';
import { simpleRnnDefinition, type SimpleRnnKernel } from '../../src/nodes/simple-rnn.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';
import { createKernel } from '../helpers/create-kernel.ts';
import { checkKernelGradients, randomTensor } from '../helpers/gradient-check.ts';
import { expectKernelMatchesFixture, readKernelFixture } from '../helpers/kernel-fixture.ts';

const fixture = readKernelFixture<{ units: number; returnSequences: boolean }>('rnn.json');

function rnn(params: Record<string, unknown>, inputShape: readonly number[]): SimpleRnnKernel {
  return createKernel(simpleRnnDefinition, params, [inputShape]) as SimpleRnnKernel;
}

function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}

/**
 * A 4-unit RNN over `steps` steps in its near-linear regime: W_xh = I, b = 0, W_hh = scale·Q with
 * Q orthogonal (the default init), and a tiny input at t = 0 only, so tanh' ≈ 1 throughout.
 * Then ∂h_{T−1}/∂h_0 ≈ (scale·Q)^{T−1} and every norm of it is ≈ scale^{T−1}.
 * Returns ‖∂L/∂x_0‖ for L = u·h_{T−1} with ‖u‖ = 1, and the kernel for its per-step norms.
 */
function gradientThroughTime(
  scale: number,
  steps: number,
): { dx0: number; kernel: SimpleRnnKernel } {
  const units = 4;
  const kernel = rnn({ units }, [steps, units]);
  const [inputWeight, recurrentWeight] = kernel.params;
  inputWeight.value.data.fill(0);
  for (let i = 0; i < units; i++) inputWeight.value.data[i * units + i] = 1;
  for (let i = 0; i < recurrentWeight.value.data.length; i++)
    recurrentWeight.value.data[i] *= scale;

  const x = tensor([1, steps, units]);
  const random = createRandom(4);
  for (let c = 0; c < units; c++) x.data[c] = 1e-4 * (2 * random.uniform() - 1);
  kernel.forward([x], 'train');
  const u = Float32Array.from([0.5, -0.5, 0.5, 0.5]);
  const [dx] = kernel.backward(tensor([1, units], u), [true]);
  return { dx0: norm((dx as Tensor).data.subarray(0, units)), kernel };
}

describe('simpleRnn', () => {
  it.each([
    { returnSequences: false, recurrentInit: 'orthogonal' },
    { returnSequences: true, recurrentInit: 'orthogonal' },
    { returnSequences: true, recurrentInit: 'glorot-normal' },
  ])(
    'passes a finite-difference check (returnSequences $returnSequences, $recurrentInit)',
    (params) => {
      const kernel = rnn({ units: 3, ...params }, [5, 2]);
      const result = checkKernelGradients(kernel, [randomTensor([3, 5, 2], 9)]);
      expect(result.maxError, result.where).toBeLessThan(2e-3);
    },
  );

  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    'matches PyTorch forward and backward through time: %s',
    (_name, c) => {
      const [batch, seqLen, features] = c.inputShape;
      const kernel = rnn(c.params, [seqLen, features]);
      const y = expectKernelMatchesFixture(kernel, c);
      expect(y.shape).toEqual(
        c.params.returnSequences ? [batch, seqLen, c.params.units] : [batch, c.params.units],
      );
    },
  );

  it('starts its recurrent weights orthogonal by default', () => {
    const w = rnn({ units: 5 }, [3, 2]).params[1].value.data;
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        let dot = 0;
        for (let k = 0; k < 5; k++) dot += w[i * 5 + k] * w[j * 5 + k];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 5);
      }
    }
  });

  it('explodes gradients geometrically through time when the recurrent weight has spectral radius 1.5', () => {
    for (const steps of [4, 8, 12, 16]) {
      const { dx0 } = gradientThroughTime(1.5, steps);
      expect(dx0 / 1.5 ** (steps - 1)).toBeGreaterThan(0.97);
      expect(dx0 / 1.5 ** (steps - 1)).toBeLessThan(1.0001);
    }
    expect(gradientThroughTime(1.5, 16).dx0).toBeGreaterThan(400);
  });

  it('vanishes gradients geometrically through time when the recurrent weight has spectral radius 0.5', () => {
    for (const steps of [4, 8, 12, 16]) {
      const { dx0 } = gradientThroughTime(0.5, steps);
      expect(dx0 / 0.5 ** (steps - 1)).toBeGreaterThan(0.99);
      expect(dx0 / 0.5 ** (steps - 1)).toBeLessThan(1.0001);
    }
    expect(gradientThroughTime(0.5, 16).dx0).toBeLessThan(1e-4);
  });

  it('reports the gradient norm at every step, growing by the spectral radius per step back', () => {
    const { hiddenGradientNorms } = gradientThroughTime(1.5, 10).kernel;
    expect(hiddenGradientNorms[9]).toBeCloseTo(1, 5);
    for (let t = 0; t < 9; t++) {
      const ratio = hiddenGradientNorms[t] / hiddenGradientNorms[t + 1];
      expect(ratio).toBeGreaterThan(1.45);
      expect(ratio).toBeLessThan(1.5001);
    }
  });

  it('rejects input without a sequence axis', () => {
    expect(() => rnn({ units: 3 }, [6])).toThrow(/node 'node'.*\[seqLen, features\].*got \[6\]/);
  });
});
