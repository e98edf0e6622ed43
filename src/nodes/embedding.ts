import { initializerNames, initializers } from '../init/initializers.ts';
import { reuse, type Tensor } from '../tensor/tensor.ts';
import { expectRank } from './errors.ts';
import { initOptionsFrom, initParamRules, type InitParams } from './init-params.ts';
import { nodeFunction, type NodeDefinition } from './node.ts';
import { createParam } from './param.ts';

/** Parameters of an embedding table. */
export interface EmbeddingParams extends InitParams {
  /** Number of distinct token ids; ids run from 0 to vocabSize − 1. */
  vocabSize: number;
  /** Features per token. */
  units: number;
  /** Table initializer (default 'normal': N(0, 1), as PyTorch's nn.Embedding). */
  init?: string;
}

/**
 * Embedding lookup: y[t] = W[id_t], with W stored as [vocabSize, units] and ids given as
 * integer-valued floats, per sample [seqLen] → [seqLen, units].
 * Backward keeps the ids: dW[v] = Σ_{t : id_t = v} dy[t] (repeated ids accumulate); ids are
 * not differentiable, so there is no input gradient.
 */
export const embeddingDefinition: NodeDefinition = {
  op: 'embedding',
  arity: 1,
  readsGraphInput: true,
  params: {
    vocabSize: { type: 'integer', min: 1 },
    units: { type: 'integer', min: 1 },
    init: { type: 'string', default: 'normal', choices: initializerNames },
    ...initParamRules,
  },
  create(params, { id, inputShapes, inputIds, random }) {
    expectRank(id, inputIds[0], inputShapes[0], 1, 'token ids of shape [seqLen]');
    const seqLen = inputShapes[0][0];
    const vocabSize = params.vocabSize as number;
    const units = params.units as number;
    const weight = createParam(id, 'weight', [vocabSize, units]);
    const initOptions = initOptionsFrom(params);
    initializers[params.init as string](
      weight.value.data,
      { fanIn: units, fanOut: vocabSize },
      random,
      initOptions,
    );

    // Kept from forward for backward: the checked ids. Buffers are reused while batch sizes repeat.
    let ids = new Int32Array(0);
    let y: Tensor | undefined;
    const readInto = (input: Tensor): void => {
      if (ids.length !== input.data.length) ids = new Int32Array(input.data.length);
      readIds(id, input.data, seqLen, vocabSize, ids);
    };
    return {
      outputShape: [seqLen, units],
      params: [weight],
      checkInputs: ([input]) => readInto(input),
      forward([input]) {
        readInto(input);
        y = reuse(y, [input.shape[0], seqLen, units]);
        const w = weight.value.data;
        const out = y.data;
        for (let r = 0; r < ids.length; r++) {
          const row = ids[r] * units;
          const to = r * units;
          for (let c = 0; c < units; c++) out[to + c] = w[row + c];
        }
        return y;
      },
      backward(dy) {
        const dw = weight.grad.data;
        for (let r = 0; r < ids.length; r++) {
          const row = ids[r] * units;
          const from = r * units;
          for (let c = 0; c < units; c++) dw[row + c] += dy.data[from + c];
        }
        return [undefined];
      },
    };
  },
};

/** Copies float ids into `out`, throwing a RangeError naming the batch row and position of a bad one. */
function readIds(
  nodeId: string,
  x: Float32Array,
  seqLen: number,
  vocabSize: number,
  out: Int32Array,
): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(Number.isInteger(v) && v >= 0 && v < vocabSize)) {
      const row = Math.floor(i / seqLen);
      throw new RangeError(
        `[gradstream] node '${nodeId}': expected token ids that are integers in [0, ${vocabSize - 1}], got ${v} at batch row ${row}, position ${i - row * seqLen}; check the data or raise vocabSize.`,
      );
    }
    out[i] = v;
  }
}

/** `embedding({ vocabSize: 1000, units: 64 })`: a token-embedding node for graphs composed in code. */
export const embedding = nodeFunction<EmbeddingParams>('embedding');
