import { reuse, type Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../errors.ts';
import type { NodeContext, NodeDefinition, NodeKernel } from '../node.ts';

/**
 * The math of a node that normalizes over the last axis (softmax, log-softmax), written as loops
 * over whole buffers in rows of `width` values.
 */
export interface LastAxisMath {
  readonly op: string;
  /** y = f(x), row by row. */
  forward(x: Float32Array, y: Float32Array, width: number): void;
  /** dx from dy and the kept output y, row by row. */
  backward(y: Float32Array, dy: Float32Array, dx: Float32Array, width: number): void;
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
