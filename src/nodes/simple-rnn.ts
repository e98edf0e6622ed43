import { initializerNames, initializers } from '../init/initializers.ts';
import { matmul, matmulTransA, matmulTransB } from '../tensor/matmul.ts';
import { reuse, type Tensor } from '../tensor/tensor.ts';
import { expectRank } from './errors.ts';
import { initOptionsFrom, initParamRules, type InitParams } from './init-params.ts';
import { nodeFunction, type NodeDefinition, type NodeKernel } from './node.ts';
import { createParam } from './param.ts';

/** Parameters of a simple (Elman) recurrent layer. */
export interface SimpleRnnParams extends InitParams {
  /** Size of the hidden state. */
  units: number;
  /** Output every h_t ([seqLen, units]) instead of the last one ([units]); default false. */
  returnSequences?: boolean;
  /** Initializer of the input weights W_xh (default 'glorot-uniform'). */
  init?: string;
  /** Initializer of the recurrent weights W_hh (default 'orthogonal'). */
  recurrentInit?: string;
}

/** A simple-RNN kernel, which also reports how the gradient's size changed through time. */
export interface SimpleRnnKernel extends NodeKernel {
  /**
   * After each backward, ‖∂L/∂h_t‖ (over the whole batch) for t = 0 … seqLen − 1: geometric growth
   * toward t = 0 is an exploding gradient, geometric decay a vanishing one.
   */
  readonly hiddenGradientNorms: Float32Array;
}

/**
 * Simple recurrent layer (Elman, 1990) on [seqLen, features]:
 * h_t = tanh(x_t·W_xhᵀ + h_{t−1}·W_hhᵀ + b), h_{−1} = 0, unrolled through time.
 * Backward through time keeps x and every h_t: with dh_t = ∂L/∂h_t (from the output plus from
 * step t + 1), da_t = dh_t ⊙ (1 − h_t²), dh_{t−1} += da_t·W_hh, dW_hh += Σ_t da_tᵀ·h_{t−1},
 * dW_xh += Σ_t da_tᵀ·x_t, db += Σ_t da_t, dx_t = da_t·W_xh.
 */
export const simpleRnnDefinition: NodeDefinition = {
  op: 'simpleRnn',
  arity: 1,
  params: {
    units: { type: 'integer', min: 1 },
    returnSequences: { type: 'boolean', default: false },
    init: { type: 'string', default: 'glorot-uniform', choices: initializerNames },
    recurrentInit: { type: 'string', default: 'orthogonal', choices: initializerNames },
    ...initParamRules,
  },
  create(params, { id, inputShapes, inputIds, random }): SimpleRnnKernel {
    expectRank(id, inputIds[0], inputShapes[0], 2, 'a sequence of shape [seqLen, features]');
    const [seqLen, features] = inputShapes[0];
    const units = params.units as number;
    const returnSequences = params.returnSequences as boolean;
    const inputWeight = createParam(id, 'inputWeight', [units, features]);
    const recurrentWeight = createParam(id, 'recurrentWeight', [units, units]);
    const bias = createParam(id, 'bias', [units]);
    const initOptions = initOptionsFrom(params);
    initializers[params.init as string](
      inputWeight.value.data,
      { fanIn: features, fanOut: units },
      random,
      initOptions,
    );
    initializers[params.recurrentInit as string](
      recurrentWeight.value.data,
      { fanIn: units, fanOut: units },
      random,
      initOptions,
    );

    // Kept from forward for backward: x and every hidden state, time-major [seqLen, batch, units].
    let x: Tensor | undefined;
    let batch = 0;
    let xw = new Float32Array(0);
    let hs = xw;
    let y: Tensor | undefined;
    // Backward buffers, reused across steps: the carried dh, da for one step, da for all steps.
    let dh = xw,
      da = xw,
      dA = xw;
    let dx: Tensor | undefined;
    const hiddenGradientNorms = new Float32Array(seqLen);

    return {
      outputShape: returnSequences ? [seqLen, units] : [units],
      params: [inputWeight, recurrentWeight, bias],
      hiddenGradientNorms,
      forward([input]) {
        x = input;
        if (batch !== input.shape[0]) {
          batch = input.shape[0];
          xw = new Float32Array(batch * seqLen * units);
          hs = new Float32Array(seqLen * batch * units);
        }
        matmulTransB(input.data, inputWeight.value.data, xw, batch * seqLen, features, units);
        for (let t = 0; t < seqLen; t++) step(t);
        y = reuse(y, returnSequences ? [batch, seqLen, units] : [batch, units]);
        if (returnSequences) timeToBatchMajor(hs, y.data, batch, seqLen, units);
        else y.data.set(hs.subarray((seqLen - 1) * batch * units));
        return y;
      },
      backward(dy, [needsDx]) {
        if (x === undefined) throw new Error(`[gradstream] node '${id}': backward before forward`);
        if (dA.length !== xw.length)
          [dh, da, dA] = [
            new Float32Array(batch * units),
            new Float32Array(batch * units),
            new Float32Array(xw.length),
          ];
        dh.fill(0);
        for (let t = seqLen - 1; t >= 0; t--) backStep(t, dy.data);
        matmulTransA(dA, x.data, inputWeight.grad.data, units, batch * seqLen, features, true);
        if (!needsDx) return [undefined];
        dx = reuse(dx, x.shape);
        matmul(dA, inputWeight.value.data, dx.data, batch * seqLen, units, features);
        return [dx];
      },
    };

    /** h_t = tanh(x_t·W_xhᵀ + h_{t−1}·W_hhᵀ + b), written into hs[t]. */
    function step(t: number): void {
      const size = batch * units;
      const h = hs.subarray(t * size, (t + 1) * size);
      if (t > 0)
        matmulTransB(
          hs.subarray((t - 1) * size, t * size),
          recurrentWeight.value.data,
          h,
          batch,
          units,
          units,
        );
      else h.fill(0);
      const b = bias.value.data;
      for (let r = 0; r < batch; r++) {
        const from = (r * seqLen + t) * units;
        for (let c = 0; c < units; c++)
          h[r * units + c] = Math.tanh(h[r * units + c] + xw[from + c] + b[c]);
      }
    }

    /** One step back in time: adds dy_t to the carried dh, then turns it into da_t and dh_{t−1}. */
    function backStep(t: number, dy: Float32Array): void {
      const size = batch * units;
      const h = hs.subarray(t * size, (t + 1) * size);
      addOutputGradient(t, dy);
      let norm = 0;
      const db = bias.grad.data;
      for (let r = 0; r < batch; r++) {
        for (let c = 0; c < units; c++) {
          const i = r * units + c;
          norm += dh[i] * dh[i];
          da[i] = dh[i] * (1 - h[i] * h[i]);
          dA[(r * seqLen + t) * units + c] = da[i];
          db[c] += da[i];
        }
      }
      hiddenGradientNorms[t] = Math.sqrt(norm);
      if (t === 0) return;
      matmulTransA(
        da,
        hs.subarray((t - 1) * size, t * size),
        recurrentWeight.grad.data,
        units,
        batch,
        units,
        true,
      );
      matmul(da, recurrentWeight.value.data, dh, batch, units, units);
    }

    function addOutputGradient(t: number, dy: Float32Array): void {
      if (returnSequences) {
        for (let r = 0; r < batch; r++) {
          const from = (r * seqLen + t) * units;
          for (let c = 0; c < units; c++) dh[r * units + c] += dy[from + c];
        }
      } else if (t === seqLen - 1) {
        dh.set(dy);
      }
    }
  },
};

/** Copies [seqLen, batch, units] into [batch, seqLen, units]. */
function timeToBatchMajor(
  timeMajor: Float32Array,
  batchMajor: Float32Array,
  batch: number,
  seqLen: number,
  units: number,
): void {
  for (let t = 0; t < seqLen; t++) {
    for (let r = 0; r < batch; r++) {
      const from = (t * batch + r) * units;
      const to = (r * seqLen + t) * units;
      for (let c = 0; c < units; c++) batchMajor[to + c] = timeMajor[from + c];
    }
  }
}

/** `simpleRnn({ units: 32, returnSequences: true })`: a recurrent node for graphs composed in code. */
export const simpleRnn = nodeFunction<SimpleRnnParams>('simpleRnn');
