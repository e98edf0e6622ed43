import { reuse, type Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../errors.ts';
import type { NodeContext, NodeDefinition, NodeKernel } from '../node.ts';
import type { FloatArray } from './elementwise.ts';

/**
 * The math of a node that normalizes over the last axis (softmax, log-softmax), written as loops
 * over whole buffers in rows of `width` values: float32 in training, float64 for `gradstream grad`.
 */
export interface LastAxisMath {
  readonly op: string;
  /** y = f(x), row by row. */
  forward(x: FloatArray, y: FloatArray, width: number): void;
  /** dx = Jᵀ·dy from dy and the kept output y, row by row. */
  backward(y: FloatArray, dy: FloatArray, dx: FloatArray, width: number): void;
}

/** Turns last-axis math into a graph op whose output has its input's shape; backward keeps y. */
export function lastAxisNode(math: LastAxisMath): NodeDefinition {
  return {
    op: math.op,
    params: {},
    arity: 1,
    create(_params, context): NodeKernel {
      const width = lastAxis(context);
      // Kept from forward for backward: the output y.
      let y: Tensor | undefined;
      let dx: Tensor | undefined;
      return {
        outputShape: context.inputShapes[0],
        params: [],
        forward([input]) {
          y = reuse(y, input.shape);
          math.forward(input.data, y.data, width);
          return y;
        },
        backward(dy) {
          if (y === undefined) {
            throw new Error(`[gradstream] node '${context.id}': backward before forward`);
          }
          dx = reuse(dx, dy.shape);
          math.backward(y.data, dy.data, dx.data, width);
          return [dx];
        },
      };
    },
  };
}

/** The size of the last per-sample axis, over which softmax-like nodes normalize. */
export function lastAxis({ id, inputShapes, inputIds }: NodeContext): number {
  const shape = inputShapes[0];
  if (shape.length < 1) {
    throw new ShapeError(
      `node '${id}': expected input with a feature axis from '${inputIds[0]}', got a scalar per sample`,
    );
  }
  return shape[shape.length - 1];
}

/**
 * Evaluates last-axis math on one vector in double precision: y = f(x) and the Jacobian
 * J[i][j] = ∂y_i/∂x_j. Row i comes from the same backward that trains, with dy = e_i, since
 * (Jᵀ·e_i)_j = ∂y_i/∂x_j.
 */
export function evaluateLastAxis(
  math: LastAxisMath,
  xs: readonly number[],
): { y: number[]; jacobian: number[][] } {
  const n = xs.length;
  const y = new Float64Array(n);
  math.forward(Float64Array.from(xs), y, n);
  const dy = new Float64Array(n);
  const dx = new Float64Array(n);
  const jacobian = Array.from({ length: n }, (_, i) => {
    dy.fill(0);
    dy[i] = 1;
    math.backward(y, dy, dx, n);
    return Array.from(dx);
  });
  return { y: Array.from(y), jacobian };
}
