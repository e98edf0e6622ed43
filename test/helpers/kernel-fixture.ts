import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { NodeKernel } from '../../src/nodes/node.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';
import { maxRelativeError } from './expect-close.ts';

/** One PyTorch reference case for a kernel with weights: input, upstream gradient and results. */
export interface KernelFixtureCase<P> {
  readonly name: string;
  readonly params: P;
  readonly inputShape: [number, number, number];
  readonly x: number[];
  readonly dy: number[];
  readonly y: number[];
  readonly dx: number[];
  readonly weights: Record<string, number[]>;
  readonly grads: Record<string, number[]>;
}

/** Reads `test/fixtures/<file>`, a JSON object whose `cases` are kernel fixture cases. */
export function readKernelFixture<P>(file: string): { cases: KernelFixtureCase<P>[] } {
  const url = new URL(`../fixtures/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { cases: KernelFixtureCase<P>[] };
}

/**
 * Loads the case's weights into the kernel, runs forward and backward on its input, and expects
 * y, dx and every parameter gradient within 1e-5 of PyTorch's; returns y for further checks.
 */
export function expectKernelMatchesFixture<P>(kernel: NodeKernel, c: KernelFixtureCase<P>): Tensor {
  for (const p of kernel.params) {
    p.value.data.set(c.weights[p.name]);
    p.grad.data.fill(0);
  }
  const y = kernel.forward([tensor(c.inputShape, c.x)], 'train');
  expect(maxRelativeError(y.data, c.y)).toBeLessThan(1e-5);

  const [dx] = kernel.backward(tensor(y.shape, c.dy), [true]);
  expect(maxRelativeError((dx as Tensor).data, c.dx)).toBeLessThan(1e-5);
  for (const p of kernel.params) {
    expect(maxRelativeError(p.grad.data, c.grads[p.name]), p.id).toBeLessThan(1e-5);
  }
  return y;
}
