import { reuse, type Tensor } from '../../tensor/tensor.ts';
import type { NodeDefinition, NodeKernel, ParamRules, ParamValues } from '../node.ts';

/**
 * The math of an elementwise activation, written as loops over whole buffers (never a callback
 * per element, which V8 cannot inline once several activations share the caller).
 */
export interface ElementwiseMath {
  readonly op: string;
  readonly params: ParamRules;
  /** y = f(x). */
  forward(x: Float32Array, y: Float32Array, params: ParamValues): void;
  /** dx = dy · f'(x); gets both x and y so each activation uses whichever is cheaper. */
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, params: ParamValues): void;
}

/** Turns elementwise math into a graph op whose output has its input's shape. */
export function elementwiseNode(math: ElementwiseMath): NodeDefinition {
  return {
    op: math.op,
    params: math.params,
    arity: 1,
    create(params, context): NodeKernel {
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
          if (x === undefined || y === undefined) throw new Error(`[gradstream] node '${context.id}': backward before forward`);
          dx = reuse(dx, dy.shape);
          math.backward(x.data, y.data, dy.data, dx.data, params);
          return [dx];
        },
      };
    },
  };
}

/** Evaluates an activation and its derivative at given points, in float32 as the engine does. */
export function evaluateActivation(
  math: ElementwiseMath,
  xs: readonly number[],
  params: ParamValues,
): { y: number[]; dydx: number[] } {
  const x = Float32Array.from(xs);
  const y = new Float32Array(x.length);
  const dx = new Float32Array(x.length);
  math.forward(x, y, params);
  math.backward(x, y, new Float32Array(x.length).fill(1), dx, params);
  return { y: Array.from(y), dydx: Array.from(dx) };
}
