import { initializerNames, initializers } from '../init/initializers.ts';
import { matmulTransA, matmul, matmulTransB } from '../tensor/matmul.ts';
import { addBiasRows, sumRows } from '../tensor/ops.ts';
import { reuse, type Tensor } from '../tensor/tensor.ts';
import { ShapeError } from './errors.ts';
import { initOptionsFrom, initParamRules, type InitParams } from './init-params.ts';
import { nodeFunction, type NodeDefinition, type Param } from './node.ts';
import { createParam } from './param.ts';

/** Parameters of a dense layer; the `init*` ones tune the initializer (see docs/ops.md). */
export interface DenseParams extends InitParams {
  /** Output features. */
  units: number;
  /** Weight initializer name (default 'glorot-uniform'); the bias starts at zero. */
  init?: string;
  /** Whether to add a bias (default true). */
  useBias?: boolean;
}

/**
 * Fully connected layer on the last axis: y = x·Wᵀ + b, with W stored as [units, inFeatures]
 * (PyTorch's layout, so the forward is the fast A·Bᵀ kernel).
 * Backward keeps x: dx = dy·W, dW = dyᵀ·x, db = Σ_rows dy.
 */
export const denseDefinition: NodeDefinition = {
  op: 'dense',
  arity: 1,
  params: {
    units: { type: 'integer', min: 1 },
    init: { type: 'string', default: 'glorot-uniform', choices: initializerNames },
    useBias: { type: 'boolean', default: true },
    ...initParamRules,
  },
  create(params, { id, inputShapes, inputIds, random }) {
    const inShape = inputShapes[0];
    if (inShape.length < 1) {
      throw new ShapeError(
        `node '${id}': expected input with a feature axis from '${inputIds[0]}', got a scalar per sample`,
      );
    }
    const inFeatures = inShape[inShape.length - 1];
    const units = params.units as number;
    const weight: Param = createParam(id, 'weight', [units, inFeatures]);
    const fans = { fanIn: inFeatures, fanOut: units };
    initializers[params.init as string](weight.value.data, fans, random, initOptionsFrom(params));
    const bias: Param | undefined = params.useBias ? createParam(id, 'bias', [units]) : undefined;

    // Kept from forward for backward: the input x. Buffers are reused while batch sizes repeat.
    let x: Tensor | undefined;
    let y: Tensor | undefined;
    let dx: Tensor | undefined;
    return {
      outputShape: [...inShape.slice(0, -1), units],
      params: bias ? [weight, bias] : [weight],
      forward([input]) {
        const rows = input.data.length / inFeatures;
        x = input;
        y = reuse(y, [...input.shape.slice(0, -1), units]);
        matmulTransB(input.data, weight.value.data, y.data, rows, inFeatures, units);
        if (bias) addBiasRows(y.data, bias.value.data, y.data, units);
        return y;
      },
      backward(dy, [needsDx]) {
        if (x === undefined) throw new Error(`[gradstream] node '${id}': backward before forward`);
        const rows = dy.data.length / units;
        matmulTransA(dy.data, x.data, weight.grad.data, units, rows, inFeatures, true);
        if (bias) sumRows(dy.data, bias.grad.data, units, true);
        if (!needsDx) return [undefined];
        dx = reuse(dx, x.shape);
        matmul(dy.data, weight.value.data, dx.data, rows, units, inFeatures);
        return [dx];
      },
    };
  },
};

/** `dense({ units: 128, init: 'he-normal' })`: a dense node for graphs composed in code. */
export const dense = nodeFunction<DenseParams>('dense');
