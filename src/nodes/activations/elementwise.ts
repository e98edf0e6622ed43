import { reuse, type Tensor } from '../../tensor/tensor.ts';
import type { NodeDefinition, NodeKernel, ParamRules, ParamValues } from '../node.ts';

/**
 * Buffers an activation reads and writes: float32 in training, float64 when `gradstream grad`
 * or a test wants the exact value of the formula.
 */
export type FloatArray = Float32Array | Float64Array;

/**
 * The math of an elementwise activation, written as loops over whole buffers (never a callback
 * per element, which V8 cannot inline once several activations share the caller).
 */
export interface ElementwiseMath {
  readonly op: string;
  readonly params: ParamRules;
  /** Checks what the rules cannot (relations between parameters): a problem in words, or undefined. */
  validate?(params: ParamValues): string | undefined;
  /** y = f(x). */
  forward(x: FloatArray, y: FloatArray, params: ParamValues): void;
  /** dx = dy · f'(x); gets both x and y so each activation uses whichever is cheaper. */
  backward(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, params: ParamValues): void;
}

/** Turns elementwise math into a graph op whose output has its input's shape. */
export function elementwiseNode(math: ElementwiseMath): NodeDefinition {
  return {
    op: math.op,
    params: math.params,
    arity: 1,
    create(params, context): NodeKernel {
      const problem = math.validate?.(params);
      if (problem !== undefined)
        throw new RangeError(`[gradstream] node '${context.id}': ${problem}`);
      // Kept from forward for backward: the input x and output y (both reused buffers).
      let x: Tensor | undefined;
      let y: Tensor | undefined;
      let dx: Tensor | undefined;
      return {
        outputShape: context.inputShapes[0],
        params: [],
        forward([input]) {
          x = input;
          y = reuse(y, input.shape);
          math.forward(input.data, y.data, params);
          return y;
        },
        backward(dy) {
          if (x === undefined || y === undefined)
            throw new Error(`[gradstream] node '${context.id}': backward before forward`);
          dx = reuse(dx, dy.shape);
          math.backward(x.data, y.data, dy.data, dx.data, params);
          return [dx];
        },
      };
    },
  };
}

/**
 * Evaluates an activation and its derivative at given points in double precision, so printed
 * values are the formula's, not float32 rounding's. Training runs the same code on float32.
 */
export function evaluateActivation(
  math: ElementwiseMath,
  xs: readonly number[],
  params: ParamValues,
): { y: number[]; dydx: number[] } {
  const problem = math.validate?.(params);
  if (problem !== undefined)
    throw new RangeError(`[gradstream] activation '${math.op}': ${problem}`);
  const x = Float64Array.from(xs);
  const y = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  math.forward(x, y, params);
  math.backward(x, y, new Float64Array(x.length).fill(1), dx, params);
  return { y: Array.from(y), dydx: Array.from(dx) };
}
