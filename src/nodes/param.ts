import { tensor, type Shape } from '../tensor/tensor.ts';
import type { Param } from './node.ts';

/** Creates a zero-filled parameter `<nodeId>/<name>` and its gradient buffer. */
export function createParam(nodeId: string, name: string, shape: Shape): Param {
  return { id: `${nodeId}/${name}`, nodeId, name, value: tensor(shape), grad: tensor(shape) };
}
