import type { NodeKernel } from '../../src/nodes/node.ts';
import { randomTensor } from './gradient-check.ts';

/**
 * Sets a normalization kernel's γ to values in [0.5, 1.5) (seed) and β to values in [−1, 1)
 * (seed + 1), so the affine part is not trivial.
 */
export function randomizeAffine(kernel: NodeKernel, seed: number): void {
  const [gamma, beta] = kernel.params;
  gamma.value.data.set(randomTensor(gamma.value.shape, seed, 0.5, 1.5).data);
  beta.value.data.set(randomTensor(beta.value.shape, seed + 1).data);
}
