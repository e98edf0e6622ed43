import type { Mode } from '../nodes/node.ts';
import type { Tensor } from '../tensor/tensor.ts';

/**
 * One step's tensor on one forward edge. One emission carries a whole batch.
 * NOTE: tensors in frames are borrowed: nodes reuse their buffers on the next step, so a
 * subscriber that keeps values past its callback must copy them.
 */
export interface ActivationFrame {
  readonly step: number;
  readonly mode: Mode;
  readonly tensor: Tensor;
}

/** One step's gradient of the loss with respect to a node's output (borrowed, as above). */
export interface GradientFrame {
  readonly step: number;
  readonly tensor: Tensor;
}

/** A labelled mini-batch: inputs `[batch, ...sampleShape]` and targets (class labels: `[batch]`). */
export interface Batch {
  readonly inputs: Tensor;
  readonly targets: Tensor;
}

/** What one training step produced. */
export interface StepResult {
  readonly step: number;
  readonly loss: number;
  /** The output node's values for the batch (borrowed). */
  readonly outputs: Tensor;
}
