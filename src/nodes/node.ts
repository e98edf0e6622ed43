import type { Random } from '../tensor/random.ts';
import type { Shape, Tensor } from '../tensor/tensor.ts';

/** Whether a forward pass trains (dropout on, batch statistics) or evaluates. */
export type Mode = 'train' | 'eval';

/** A trainable parameter: its value, updated in place by optimizers, and its gradient. */
export interface Param {
  /** Stable id, `<node id>/<name>`, used in errors, statistics and on the dashboard. */
  readonly id: string;
  readonly nodeId: string;
  readonly name: string;
  readonly value: Tensor;
  /** Gradient of the loss with respect to `value`; the engine zeroes it before each step. */
  readonly grad: Tensor;
}

/** What a node learns about its place in the graph when it is built. */
export interface NodeContext {
  readonly id: string;
  /** Per-sample shapes of the node's inputs (batch axis excluded), in input order. */
  readonly inputShapes: readonly Shape[];
  /** Ids of the nodes feeding each input, for error messages. */
  readonly inputIds: readonly string[];
  /** This node's own generator, forked from the run's seed. */
  readonly random: Random;
}

/**
 * A built node: the math of one op for one place in the graph.
 * Forward and backward run synchronously on whole batches (batch axis first).
 */
export interface NodeKernel {
  /** Per-sample output shape (batch axis excluded). */
  readonly outputShape: Shape;
  readonly params: readonly Param[];
  /**
   * Non-trainable state the node updates itself (batch norm's running statistics), by name;
   * the tensors are live, so checkpoints and tests read and restore them in place.
   */
  readonly state?: Readonly<Record<string, Tensor>>;
  /**
   * Checks what the shapes cannot (token ids in range) before a batch enters the graph, and
   * throws what forward would: bad data is refused without failing the network's streams.
   * Called only for nodes that read the graph's input.
   */
  checkInputs?(inputs: readonly Tensor[]): void;
  /** Computes the output; may keep what backward needs. The result may be a reused buffer. */
  forward(inputs: readonly Tensor[], mode: Mode): Tensor;
  /**
   * Given dy (gradient of the loss with respect to the last output), adds parameter gradients
   * into `param.grad` and returns dx for each input. `needsInputGrad[i]` false lets a node skip
   * work for an input nothing upstream learns from (the data, labels); it may return undefined there.
   */
  backward(dy: Tensor, needsInputGrad: readonly boolean[]): readonly (Tensor | undefined)[];
}

/** How one parameter of a spec node is checked before anything runs. */
export type ParamRule =
  | {
      readonly type: 'number';
      readonly default?: number;
      readonly min?: number;
      readonly max?: number;
      readonly exclusiveMin?: boolean;
    }
  | {
      readonly type: 'integer';
      readonly default?: number;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly type: 'boolean'; readonly default?: boolean }
  | { readonly type: 'string'; readonly default?: string; readonly choices?: readonly string[] };

/** The parameters an op accepts, by name, with how each is checked. */
export type ParamRules = Readonly<Record<string, ParamRule>>;

/** Resolved parameter values (defaults filled in) handed to `create`. */
export type ParamValues = Readonly<Record<string, number | boolean | string>>;

/** An op: its name, the parameters it accepts and how to build it. */
export interface NodeDefinition {
  readonly op: string;
  readonly params: ParamRules;
  /** How many inputs the op takes: a number, or 'many' for joins such as residual addition. */
  readonly arity: number | 'many';
  /**
   * True when the op reads data that is not differentiable (an embedding's token ids): its input
   * must be the graph's input, since no gradient can flow back through it to anything trainable.
   */
  readonly readsGraphInput?: boolean;
  /** Builds the kernel; throws ShapeError when the input shapes do not fit. */
  create(params: ParamValues, context: NodeContext): NodeKernel;
}

/**
 * A node as written in code: the op plus its parameters. The same object a JSON spec node
 * describes, so `dense({ units: 128 })` and `{ "op": "dense", "params": { "units": 128 } }` agree.
 */
export interface NodeSpec {
  readonly op: string;
  readonly id?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly inputs?: readonly string[];
}

/** Makes the user-facing function for an op: `relu()`, `dense({ units: 10 })`. */
export function nodeFunction<P extends object>(op: string) {
  return (params?: P & { id?: string; inputs?: readonly string[] }): NodeSpec => {
    const { id, inputs, ...rest } = (params ?? {}) as P & {
      id?: string;
      inputs?: readonly string[];
    };
    return { op, id, inputs, params: rest };
  };
}
