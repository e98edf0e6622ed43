import { addInto } from '../tensor/ops.ts';
import { formatShape, reuse, sameShape, type Tensor } from '../tensor/tensor.ts';
import { ShapeError } from './errors.ts';
import { nodeFunction, type NodeDefinition } from './node.ts';

/**
 * Elementwise sum of two or more inputs of one shape, the join of a residual connection
 * (He et al., 2016): y = x₁ + x₂ + … + xₖ; ∂y/∂xᵢ = 1, so dxᵢ = dy for every input.
 * Backward keeps nothing.
 */
export const addDefinition: NodeDefinition = {
  op: 'add',
  arity: 'many',
  params: {},
  create(_params, { id, inputShapes, inputIds }) {
    const first = inputShapes[0];
    inputShapes.forEach((shape, i) => {
      if (!sameShape(shape, first)) {
        throw new ShapeError(
          `node '${id}': expected inputs of one shape, got ${formatShape(first)} from '${inputIds[0]}' and ${formatShape(shape)} from '${inputIds[i]}'; match their features (a dense layer on the skip path, say)`,
        );
      }
    });

    let y: Tensor | undefined;
    return {
      outputShape: first,
      params: [],
      forward(inputs) {
        y = reuse(y, inputs[0].shape);
        y.data.set(inputs[0].data);
        for (let i = 1; i < inputs.length; i++) addInto(y.data, inputs[i].data);
        return y;
      },
      backward(dy, needsInputGrad) {
        // NOTE: every input gets dy itself, not a copy: gradients are borrowed and never written by receivers.
        return needsInputGrad.map((needs) => (needs ? dy : undefined));
      },
    };
  },
};

/** `add({ inputs: ['dense-1', 'dense-3'] })`: a residual join for graphs composed in code. */
export const add = nodeFunction<object>('add');
