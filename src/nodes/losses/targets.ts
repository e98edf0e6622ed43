import { formatShape, sameShape, type Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../errors.ts';

/** Throws a ShapeError unless the targets have the predictions' shape; names the loss and the node. */
export function expectTargetsLike(
  op: string,
  predictionId: string,
  predictions: Tensor,
  targets: Tensor,
): void {
  if (sameShape(predictions.shape, targets.shape)) return;
  throw new ShapeError(
    `loss '${op}': expected targets shaped like the predictions ${formatShape(predictions.shape)} from '${predictionId}', got ${formatShape(targets.shape)}`,
  );
}
