import type { NodeSpec } from '../nodes/node.ts';
import type { GraphSpec, OpSpec, TrainingSpec } from './spec.ts';

/** A network composed in code: the same content as a JSON graph spec. */
export interface SequentialOptions {
  readonly name?: string;
  /** Per-sample input shape, batch axis excluded. */
  readonly input: readonly number[];
  /** Nodes in order; each reads the one before unless it names `inputs`. */
  readonly nodes: readonly NodeSpec[];
  readonly loss: string | OpSpec;
  readonly optimizer?: OpSpec;
  readonly output?: string;
  readonly training?: TrainingSpec;
}

/**
 * Turns nodes composed in code (`dense({ units: 10 })`, `relu()`) into a graph spec, so code and
 * JSON go through the same validation and build. Pass the result to validateGraph.
 */
export function sequential(options: SequentialOptions): GraphSpec {
  return {
    name: options.name,
    input: { shape: options.input },
    nodes: options.nodes.map((n) => ({ id: n.id, op: n.op, params: n.params, inputs: n.inputs })),
    output: options.output,
    loss: typeof options.loss === 'string' ? { op: options.loss } : options.loss,
    optimizer: options.optimizer,
    training: options.training,
  };
}
