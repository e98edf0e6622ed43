import { map, type OperatorFunction } from 'rxjs';
import type { NodeKernel } from '../nodes/node.ts';
import { ShapeError } from '../nodes/errors.ts';
import { formatShape, sameShape, type Tensor } from '../tensor/tensor.ts';
import type { ActivationFrame, GradientFrame } from './frames.ts';

/**
 * The forward side of a node as an operator: joined input frames in, one output frame out.
 * A throw inside `map` errors the stream (RxJS forwards it), so a failing node never throws
 * out of a subscriber's callback.
 */
export function forwardOperator(
  id: string,
  kernel: NodeKernel,
): OperatorFunction<readonly ActivationFrame[], ActivationFrame> {
  return map((frames) => {
    const tensors = frames.map((f) => f.tensor);
    const { step, mode } = frames[0];
    return { step, mode, tensor: kernel.forward(tensors, mode) };
  });
}

/**
 * The backward side of a node as an operator: the gradient for its output in, one gradient per
 * input out (undefined where no input needs one). Every returned gradient is checked against
 * the shape of the input it belongs to, so a wrong kernel is named at once.
 */
export function backwardOperator(
  id: string,
  kernel: NodeKernel,
  needsInputGrad: readonly boolean[],
  inputsOf: () => readonly Tensor[],
): OperatorFunction<GradientFrame, readonly (GradientFrame | undefined)[]> {
  return map(({ step, tensor }) => {
    const dxs = kernel.backward(tensor, needsInputGrad);
    const inputs = inputsOf();
    return dxs.map((dx, i) => {
      if (!needsInputGrad[i]) return undefined;
      // A missing gradient would leave the join waiting forever and pair later steps wrongly.
      if (dx === undefined)
        throw new Error(
          `[gradstream] node '${id}': backward returned no gradient for input ${i}, which needs one`,
        );
      if (!sameShape(dx.shape, inputs[i].shape)) {
        throw new ShapeError(
          `node '${id}': backward returned ${formatShape(dx.shape)} for input ${i}, expected ${formatShape(inputs[i].shape)}`,
        );
      }
      return { step, tensor: dx };
    });
  });
}
