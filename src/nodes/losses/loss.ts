import type { Shape, Tensor } from '../../tensor/tensor.ts';
import type { ParamRules, ParamValues } from '../node.ts';

/** A built loss: a scalar from predictions and targets, and its gradient for the predictions. */
export interface LossKernel {
  /**
   * Checks the targets of a batch of `rows` samples before the batch enters the graph, and
   * throws what forward would (a wrong shape, a label out of range, a NaN): refused there, a bad
   * batch leaves the network usable.
   */
  checkTargets(targets: Tensor, rows: number): void;
  /** Mean loss over the batch. Keeps what backward needs. */
  forward(predictions: Tensor, targets: Tensor): number;
  /** ∂loss/∂predictions for the last forward, shaped like the predictions. */
  backward(): Tensor;
}

/** What a loss learns about the graph when it is built. */
export interface LossContext {
  /** Per-sample shape of the predictions it receives. */
  readonly predictionShape: Shape;
  /** Id of the node producing the predictions, for error messages. */
  readonly predictionId: string;
}

/** A loss op: its name, parameters and how to build it. */
export interface LossDefinition {
  readonly op: string;
  readonly params: ParamRules;
  create(params: ParamValues, context: LossContext): LossKernel;
}
