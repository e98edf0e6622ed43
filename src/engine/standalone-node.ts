import { map, type OperatorFunction } from 'rxjs';
import { nodeDefinitions } from '../graph/registry.ts';
import { resolveParams } from '../graph/params.ts';
import { GraphSpecError } from '../graph/errors.ts';
import type { NodeKernel, NodeSpec, Param } from '../nodes/node.ts';
import { createRandom } from '../tensor/random.ts';
import type { Shape, Tensor } from '../tensor/tensor.ts';

/** One node outside any graph, as a pair of operators on streams of whole batches. */
export interface StandaloneNode {
  readonly id: string;
  readonly params: readonly Param[];
  readonly kernel: NodeKernel;
  /** Batches in (one tensor, or one per input), outputs out. */
  readonly forward: OperatorFunction<Tensor | readonly Tensor[], Tensor>;
  /** Upstream gradients dy in, dx for each input out (after the matching forward). */
  readonly backward: OperatorFunction<Tensor, readonly (Tensor | undefined)[]>;
}

/**
 * Builds a single node for per-sample input shape(s), so an op can be used, tested or shown on
 * its own stream: `of(x).pipe(node.forward)`. Parameters are validated as in a graph spec.
 */
export function standaloneNode(
  spec: NodeSpec,
  inputShapes: Shape | readonly Shape[],
  seed = 1,
): StandaloneNode {
  const id = spec.id ?? spec.op;
  const definition = nodeDefinitions.get(spec.op);
  if (definition === undefined) throw new GraphSpecError(`unknown op '${spec.op}'`, id, 'op');
  const shapes = (Array.isArray(inputShapes[0]) ? inputShapes : [inputShapes]) as readonly Shape[];
  const params = resolveParams(spec.params, definition.params, {
    nodeId: id,
    field: 'params',
    op: spec.op,
  });
  const kernel = definition.create(params, {
    id,
    inputShapes: shapes,
    inputIds: shapes.map((_, i) => `input-${i}`),
    random: createRandom(seed),
  });
  return {
    id,
    params: kernel.params,
    kernel,
    forward: map((input) => kernel.forward(isTensor(input) ? [input] : input, 'train')),
    backward: map((dy) =>
      kernel.backward(
        dy,
        shapes.map(() => true),
      ),
    ),
  };
}

function isTensor(value: Tensor | readonly Tensor[]): value is Tensor {
  return !Array.isArray(value);
}
