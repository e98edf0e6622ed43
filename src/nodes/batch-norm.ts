import { formatShape, full, reuse, tensor, type Tensor } from '../tensor/tensor.ts';
import { affineColumns, createAffine } from './affine.ts';
import { ShapeError } from './errors.ts';
import { nodeFunction, type Mode, type NodeDefinition } from './node.ts';

/** Parameters of a batch normalization layer, named as in PyTorch's `BatchNorm1d`. */
export interface BatchNormParams {
  /** Weight of the newest batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Whether to learn a scale γ and shift β (default true). */
  affine?: boolean;
}

/**
 * Batch normalization (Ioffe & Szegedy, 2015) per feature of the last axis, with statistics over
 * every other axis: the batch for [features] samples, batch and sequence for [seq, features]
 * samples (PyTorch's BatchNorm1d on (N, C, L), with the feature axis last instead of second).
 *
 * Train: x̂ = (x − μ_B) / √(σ²_B + ε) with the batch's mean and biased variance, y = γ·x̂ + β;
 * running mean ← (1 − m)·running mean + m·μ_B, running var ← (1 − m)·running var + m·σ²_B·n/(n − 1)
 * (unbiased, as PyTorch). Backward through the batch statistics, over the n values of a feature:
 * dx = γ/(n·√(σ²_B + ε)) · (n·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy.
 *
 * Eval: the running statistics replace μ_B and σ²_B, which are then constants:
 * dx = γ·dy / √(running var + ε). The running statistics are the kernel's `state`.
 */
export const batchNormDefinition: NodeDefinition = {
  op: 'batchNorm',
  arity: 1,
  params: {
    momentum: { type: 'number', default: 0.1, min: 0, max: 1 },
    eps: { type: 'number', default: 1e-5, min: 0, exclusiveMin: true },
    affine: { type: 'boolean', default: true },
  },
  create(params, { id, inputShapes }) {
    const inShape = inputShapes[0];
    const features = inShape[inShape.length - 1];
    const momentum = params.momentum as number;
    const eps = params.eps as number;
    const affine = createAffine(id, features, params.affine as boolean);
    const runningMean = tensor([features]);
    const runningVar = full([features], 1);

    // Kept from forward for backward: x̂, 1/√(σ² + ε) per feature and the mode that made them.
    const mean = new Float64Array(features);
    const variance = new Float64Array(features);
    const invStd = new Float64Array(features);
    const sumDy = new Float64Array(features);
    const sumDyXhat = new Float64Array(features);
    let lastMode: Mode = 'train';
    let xhat: Tensor | undefined;
    let y: Tensor | undefined;
    let dx: Tensor | undefined;

    return {
      outputShape: inShape,
      params: affine ? [affine.gamma, affine.beta] : [],
      state: { runningMean, runningVar },
      forward([input], mode) {
        const rows = input.data.length / features;
        if (mode === 'train') {
          if (rows < 2) {
            throw new ShapeError(
              `node '${id}': batch normalization in training needs more than one value per feature, got input ${formatShape(input.shape)}; use a batch of at least 2 or evaluation mode`,
            );
          }
          batchStatistics(input.data, features, mean, variance);
          updateRunning(runningMean.data, runningVar.data, mean, variance, momentum, rows);
        } else {
          mean.set(runningMean.data);
          variance.set(runningVar.data);
        }
        for (let c = 0; c < features; c++) invStd[c] = 1 / Math.sqrt(variance[c] + eps);
        lastMode = mode;
        xhat = reuse(xhat, input.shape);
        y = reuse(y, input.shape);
        normalizeColumns(input.data, mean, invStd, xhat.data, features);
        affineColumns(xhat.data, affine, y.data, features);
        return y;
      },
      backward(dy, [needsDx]) {
        if (xhat === undefined)
          throw new Error(`[gradstream] node '${id}': backward before forward`);
        columnSums(dy.data, xhat.data, sumDy, sumDyXhat, features);
        if (affine) {
          for (let c = 0; c < features; c++) {
            affine.gamma.grad.data[c] += sumDyXhat[c];
            affine.beta.grad.data[c] += sumDy[c];
          }
        }
        if (!needsDx) return [undefined];
        dx = reuse(dx, dy.shape);
        const g = affine?.gamma.value.data;
        if (lastMode === 'train')
          trainInputGradient(dy.data, xhat.data, g, invStd, sumDy, sumDyXhat, dx.data, features);
        else evalInputGradient(dy.data, g, invStd, dx.data, features);
        return [dx];
      },
    };
  },
};

/** Per-column mean and biased variance of a [rows, cols] buffer (two passes, in float64). */
function batchStatistics(
  x: Float32Array,
  cols: number,
  mean: Float64Array,
  variance: Float64Array,
): void {
  const rows = x.length / cols;
  mean.fill(0);
  for (let base = 0; base < x.length; base += cols) {
    for (let c = 0; c < cols; c++) mean[c] += x[base + c];
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;

  variance.fill(0);
  for (let base = 0; base < x.length; base += cols) {
    for (let c = 0; c < cols; c++) {
      const d = x[base + c] - mean[c];
      variance[c] += d * d;
    }
  }
  for (let c = 0; c < cols; c++) variance[c] /= rows;
}

/** Moves the running statistics toward the batch's; the variance is stored unbiased, as in PyTorch. */
function updateRunning(
  runningMean: Float32Array,
  runningVar: Float32Array,
  mean: Float64Array,
  variance: Float64Array,
  momentum: number,
  rows: number,
): void {
  const bessel = rows / (rows - 1);
  for (let c = 0; c < mean.length; c++) {
    runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean[c];
    runningVar[c] = (1 - momentum) * runningVar[c] + momentum * variance[c] * bessel;
  }
}

/** x̂[r, c] = (x[r, c] − mean[c]) · invStd[c]. */
function normalizeColumns(
  x: Float32Array,
  mean: Float64Array,
  invStd: Float64Array,
  xhat: Float32Array,
  cols: number,
): void {
  for (let base = 0; base < x.length; base += cols) {
    for (let c = 0; c < cols; c++) xhat[base + c] = (x[base + c] - mean[c]) * invStd[c];
  }
}

/** Σ_r dy[r, c] and Σ_r dy[r, c]·x̂[r, c] per column, in float64. */
function columnSums(
  dy: Float32Array,
  xhat: Float32Array,
  sumDy: Float64Array,
  sumDyXhat: Float64Array,
  cols: number,
): void {
  sumDy.fill(0);
  sumDyXhat.fill(0);
  for (let base = 0; base < dy.length; base += cols) {
    for (let c = 0; c < cols; c++) {
      sumDy[c] += dy[base + c];
      sumDyXhat[c] += dy[base + c] * xhat[base + c];
    }
  }
}

/** dx = γ·invStd/n · (n·dy − Σdy − x̂·Σ(dy·x̂)), column by column over n rows. */
function trainInputGradient(
  dy: Float32Array,
  xhat: Float32Array,
  gamma: Float32Array | undefined,
  invStd: Float64Array,
  sumDy: Float64Array,
  sumDyXhat: Float64Array,
  dx: Float32Array,
  cols: number,
): void {
  const rows = dy.length / cols;
  // Per-column factors, computed once: dx = k·dy − k/n·(Σdy + x̂·Σ(dy·x̂)) with k = γ·invStd.
  for (let c = 0; c < cols; c++) {
    sumDy[c] /= rows;
    sumDyXhat[c] /= rows;
  }
  for (let base = 0; base < dy.length; base += cols) {
    for (let c = 0; c < cols; c++) {
      const k = (gamma === undefined ? 1 : gamma[c]) * invStd[c];
      dx[base + c] = k * (dy[base + c] - sumDy[c] - xhat[base + c] * sumDyXhat[c]);
    }
  }
}

/** dx = γ·invStd·dy: the running statistics are constants. */
function evalInputGradient(
  dy: Float32Array,
  gamma: Float32Array | undefined,
  invStd: Float64Array,
  dx: Float32Array,
  cols: number,
): void {
  for (let base = 0; base < dy.length; base += cols) {
    for (let c = 0; c < cols; c++)
      dx[base + c] = (gamma === undefined ? 1 : gamma[c]) * invStd[c] * dy[base + c];
  }
}

/** `batchNorm({ momentum: 0.1 })`: a batch normalization node for graphs composed in code. */
export const batchNorm = nodeFunction<BatchNormParams>('batchNorm');
