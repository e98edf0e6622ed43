import type { Mode, NodeKernel } from '../../src/nodes/node.ts';
import { createRandom } from '../../src/tensor/random.ts';
import { tensor, type Tensor } from '../../src/tensor/tensor.ts';

/** Largest disagreement found by a gradient check, and where. */
export interface GradientCheckResult {
  readonly maxError: number;
  readonly where: string;
}

/**
 * Checks a kernel's backward against central finite differences of L = Σ y·r, where r is a
 * fixed random projection (so every output element matters). L is accumulated in double
 * precision; the kernel itself runs in float32, so `h` must be large enough for float32
 * differences to mean something (1e-2 to 1e-3). The error for each element is
 * |analytic − numeric| / max(1e-2, max |analytic| over the tensor). A checked input without a
 * gradient, or a check that compares nothing, is an error, not a pass.
 * Checks every input (where `checkInputs[i]` is not false) and every parameter.
 */
export function checkKernelGradients(
  kernel: NodeKernel,
  inputs: readonly Tensor[],
  options: {
    h?: number;
    seed?: number;
    mode?: Mode;
    checkInputs?: readonly boolean[];
    maxElements?: number;
  } = {},
): GradientCheckResult {
  const { h = 1e-2, seed = 7, mode = 'train', maxElements = 200 } = options;
  const checkInputs = options.checkInputs ?? inputs.map(() => true);
  const random = createRandom(seed);
  const first = kernel.forward(inputs, mode);
  const projection = Float64Array.from(
    { length: first.data.length },
    () => random.uniform() * 2 - 1,
  );
  const loss = (): number => {
    const y = kernel.forward(inputs, mode).data;
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i] * projection[i];
    return s;
  };

  // Analytic gradients: one forward, then backward with dy = r.
  for (const p of kernel.params) p.grad.data.fill(0);
  kernel.forward(inputs, mode);
  const dy = tensor(first.shape, Float32Array.from(projection));
  const dxs = kernel.backward(dy, checkInputs).map((dx) => dx && dx.data.slice());
  const paramGrads = kernel.params.map((p) => p.grad.data.slice());

  let worst: GradientCheckResult = { maxError: 0, where: 'nothing checked' };
  let compared = 0;
  const compare = (values: Float32Array, analytic: Float32Array, label: string): void => {
    const stride = Math.max(1, Math.floor(values.length / maxElements));
    // Errors are relative to the largest gradient of this tensor (floored at 1e-2, below which
    // float32 differences are noise), so a tensor of small gradients is held to its own scale.
    let scale = 1e-2;
    for (let i = 0; i < analytic.length; i++) scale = Math.max(scale, Math.abs(analytic[i]));
    for (let i = 0; i < values.length; i += stride) {
      const saved = values[i];
      values[i] = saved + h;
      const plus = loss();
      values[i] = saved - h;
      const minus = loss();
      values[i] = saved;
      const numeric = (plus - minus) / (2 * h);
      const error = Math.abs(analytic[i] - numeric) / scale;
      compared++;
      if (error > worst.maxError)
        worst = {
          maxError: error,
          where: `${label}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`,
        };
    }
  };
  inputs.forEach((input, i) => {
    if (!checkInputs[i]) return;
    const dx = dxs[i];
    if (dx === undefined)
      throw new Error(`gradient check: backward returned no gradient for input ${i}`);
    compare(input.data, dx, `input ${i}`);
  });
  kernel.params.forEach((p, i) => compare(p.value.data, paramGrads[i], p.id));
  if (compared === 0) throw new Error('gradient check: nothing was compared');
  return worst;
}

/** A tensor of uniform values in [low, high), seeded. */
export function randomTensor(shape: readonly number[], seed: number, low = -1, high = 1): Tensor {
  const random = createRandom(seed);
  const t = tensor(shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = low + (high - low) * random.uniform();
  return t;
}
