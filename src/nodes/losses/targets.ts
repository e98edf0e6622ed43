import { formatShape, sameShape, type Shape, type Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../errors.ts';

/**
 * Throws unless the targets of a batch of `rows` samples have the predictions' shape and are
 * finite: a ShapeError or a RangeError naming the loss, the node and the batch row.
 */
export function checkTargetsLike(
  op: string,
  predictionId: string,
  predictionShape: Shape,
  rows: number,
  targets: Tensor,
): void {
  const expected = [rows, ...predictionShape];
  if (!sameShape(expected, targets.shape))
    throw new ShapeError(
      `loss '${op}': expected targets shaped like the predictions ${formatShape(expected)} from '${predictionId}', got ${formatShape(targets.shape)}`,
    );
  const t = targets.data;
  for (let i = 0; i < t.length; i++) {
    if (Number.isFinite(t[i])) continue;
    const row = Math.floor(i / (t.length / rows));
    throw new RangeError(
      `[gradstream] loss '${op}': target at batch row ${row} is ${t[i]}, expected a finite number; check the data`,
    );
  }
}
