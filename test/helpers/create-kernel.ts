import { resolveParams } from '../../src/graph/params.ts';
import type { NodeDefinition, NodeKernel } from '../../src/nodes/node.ts';
import { createRandom } from '../../src/tensor/random.ts';
import type { Shape } from '../../src/tensor/tensor.ts';

/**
 * Builds a kernel the way the engine does: parameters checked and defaulted by the op's rules,
 * node id `node`, inputs named `in-0`, `in-1`, …, and a generator seeded with `seed`.
 */
export function createKernel(
  definition: NodeDefinition,
  params: Record<string, unknown>,
  inputShapes: readonly Shape[],
  seed = 1,
): NodeKernel {
  const resolved = resolveParams(params, definition.params, {
    nodeId: 'node',
    field: 'params',
    op: definition.op,
  });
  return definition.create(resolved, {
    id: 'node',
    inputShapes,
    inputIds: inputShapes.map((_, i) => `in-${i}`),
    random: createRandom(seed),
  });
}
