import { reuse, type Tensor } from '../tensor/tensor.ts';
import { affineColumns, createAffine } from './affine.ts';
import { nodeFunction, type NodeDefinition } from './node.ts';

/** Parameters of a layer normalization layer, named as in PyTorch's `LayerNorm`. */
export interface LayerNormParams {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Whether to learn a scale γ and shift β per feature (default true). */
  affine?: boolean;
}

/**
 * Layer normalization (Ba, Kiros & Hinton, 2016) over the last axis, any rank; the same in train
 * and eval mode. For each row of F features: x̂ = (x − μ) / √(σ² + ε) with the row's mean and
 * biased variance, y = γ·x̂ + β. Backward keeps x̂ and 1/√(σ² + ε) per row; with dx̂ = γ·dy,
 * dx = (F·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (F·√(σ² + ε)), dγ = Σ_rows dy·x̂, dβ = Σ_rows dy.
 */
export const layerNormDefinition: NodeDefinition = {
  op: 'layerNorm',
  arity: 1,
  params: {
    eps: { type: 'number', default: 1e-5, min: 0, exclusiveMin: true },
    affine: { type: 'boolean', default: true },
  },
  create(params, { id, inputShapes }) {
    const inShape = inputShapes[0];
    const features = inShape[inShape.length - 1];
    const eps = params.eps as number;
    const affine = createAffine(id, features, params.affine as boolean);

    // Kept from forward for backward: x̂ and 1/√(σ² + ε) per row (reused while batch sizes repeat).
    let xhat: Tensor | undefined;
    let invStd = new Float64Array(0);
    let y: Tensor | undefined;
    let dx: Tensor | undefined;

    return {
      outputShape: inShape,
      params: affine ? [affine.gamma, affine.beta] : [],
      forward([input]) {
        const rows = input.data.length / features;
        if (invStd.length !== rows) invStd = new Float64Array(rows);
        xhat = reuse(xhat, input.shape);
        y = reuse(y, input.shape);
        normalizeRows(input.data, eps, xhat.data, invStd, features);
        affineColumns(xhat.data, affine, y.data, features);
        return y;
      },
      backward(dy, [needsDx]) {
        if (xhat === undefined)
          throw new Error(`[gradstream] node '${id}': backward before forward`);
        if (affine) {
          const dgamma = affine.gamma.grad.data;
          const dbeta = affine.beta.grad.data;
          for (let base = 0; base < dy.data.length; base += features) {
            for (let c = 0; c < features; c++) {
              dgamma[c] += dy.data[base + c] * xhat.data[base + c];
              dbeta[c] += dy.data[base + c];
            }
          }
        }
        if (!needsDx) return [undefined];
        dx = reuse(dx, dy.shape);
        inputGradientRows(dy.data, xhat.data, affine?.gamma.value.data, invStd, dx.data, features);
        return [dx];
      },
    };
  },
};

/** x̂ = (x − μ)·invStd per row of a [rows, cols] buffer; keeps invStd = 1/√(σ² + ε) per row. */
function normalizeRows(
  x: Float32Array,
  eps: number,
  xhat: Float32Array,
  invStd: Float64Array,
  cols: number,
): void {
  for (let r = 0, base = 0; base < x.length; r++, base += cols) {
    let mean = 0;
    for (let c = 0; c < cols; c++) mean += x[base + c];
    mean /= cols;
    let variance = 0;
    for (let c = 0; c < cols; c++) {
      const d = x[base + c] - mean;
      variance += d * d;
    }
    const k = 1 / Math.sqrt(variance / cols + eps);
    invStd[r] = k;
    for (let c = 0; c < cols; c++) xhat[base + c] = (x[base + c] - mean) * k;
  }
}

/** dx = invStd/F · (F·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) per row, where dx̂ = γ·dy. */
function inputGradientRows(
  dy: Float32Array,
  xhat: Float32Array,
  gamma: Float32Array | undefined,
  invStd: Float64Array,
  dx: Float32Array,
  cols: number,
): void {
  for (let r = 0, base = 0; base < dy.length; r++, base += cols) {
    let sumDxhat = 0;
    let sumDxhatXhat = 0;
    for (let c = 0; c < cols; c++) {
      const dxhat = (gamma === undefined ? 1 : gamma[c]) * dy[base + c];
      sumDxhat += dxhat;
      sumDxhatXhat += dxhat * xhat[base + c];
    }
    const meanDxhat = sumDxhat / cols;
    const meanDxhatXhat = sumDxhatXhat / cols;
    const k = invStd[r];
    for (let c = 0; c < cols; c++) {
      const dxhat = (gamma === undefined ? 1 : gamma[c]) * dy[base + c];
      dx[base + c] = k * (dxhat - meanDxhat - xhat[base + c] * meanDxhatXhat);
    }
  }
}

/** `layerNorm()`: a layer normalization node for graphs composed in code. */
export const layerNorm = nodeFunction<LayerNormParams>('layerNorm');
