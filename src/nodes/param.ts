import { formatShape, sizeOf, tensor, type Shape } from '../tensor/tensor.ts';
import { ShapeError } from './errors.ts';
import type { Param } from './node.ts';

/** The most values one parameter may hold (512 MB of float32), far above any network trained here. */
export const MAX_PARAM_SIZE = 2 ** 27;

/**
 * Creates a zero-filled parameter `<nodeId>/<name>` and its gradient buffer. A shape too large to
 * allocate is a ShapeError naming the node, not an engine crash halfway through building.
 */
export function createParam(nodeId: string, name: string, shape: Shape): Param {
  const size = sizeOf(shape);
  if (!(size <= MAX_PARAM_SIZE)) {
    throw new ShapeError(
      `node '${nodeId}': parameter '${name}' of shape ${formatShape(shape)} would hold ${size.toLocaleString('en-US')} values, more than the ${MAX_PARAM_SIZE.toLocaleString('en-US')} one parameter may hold; use fewer units`,
    );
  }
  return { id: `${nodeId}/${name}`, nodeId, name, value: tensor(shape), grad: tensor(shape) };
}
