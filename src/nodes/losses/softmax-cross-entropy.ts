import { reuse, type Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../errors.ts';
import type { LossDefinition } from './loss.ts';

/**
 * Softmax cross-entropy on logits with integer class labels (targets of shape [batch]):
 * L = mean_b(logsumexp(z_b) − z_b[label_b]); ∂L/∂z = (softmax(z) − onehot(label)) / batch.
 * Stable for any finite logits: the row maximum is subtracted before exponentiating.
 */
export const softmaxCrossEntropyDefinition: LossDefinition = {
  op: 'softmaxCrossEntropy',
  params: {},
  create(_params, { predictionShape, predictionId }) {
    if (predictionShape.length !== 1) {
      throw new ShapeError(
        `loss 'softmaxCrossEntropy': expected logits of shape [classes] per sample from '${predictionId}', got [${predictionShape.join(', ')}]`,
      );
    }
    const classes = predictionShape[0];
    // Kept from forward for backward: the softmax probabilities and the labels.
    let probabilities: Tensor | undefined;
    let labels: Float32Array | undefined;
    let dz: Tensor | undefined;
    return {
      forward(logits, targets) {
        const z = logits.data;
        const rows = z.length / classes;
        probabilities = reuse(probabilities, logits.shape);
        labels = targets.data;
        const p = probabilities.data;
        let total = 0;
        for (let r = 0, base = 0; r < rows; r++, base += classes) {
          let max = -Infinity;
          for (let c = 0; c < classes; c++) if (z[base + c] > max) max = z[base + c];
          let sum = 0;
          for (let c = 0; c < classes; c++) sum += Math.exp(z[base + c] - max);
          const label = checkLabel(labels[r], classes, r);
          total += Math.log(sum) + max - z[base + label];
          const inv = 1 / sum;
          for (let c = 0; c < classes; c++) p[base + c] = Math.exp(z[base + c] - max) * inv;
        }
        return total / rows;
      },
      backward() {
        if (probabilities === undefined || labels === undefined) {
          throw new Error('[gradstream] loss softmaxCrossEntropy: backward before forward');
        }
        const p = probabilities.data;
        const rows = p.length / classes;
        dz = reuse(dz, probabilities.shape);
        const g = dz.data;
        const scale = 1 / rows;
        for (let i = 0; i < p.length; i++) g[i] = p[i] * scale;
        for (let r = 0; r < rows; r++) g[r * classes + labels[r]] -= scale;
        return dz;
      },
    };
  },
};

function checkLabel(label: number, classes: number, row: number): number {
  if (!Number.isInteger(label) || label < 0 || label >= classes) {
    throw new RangeError(
      `[gradstream] loss 'softmaxCrossEntropy': label at batch row ${row} is ${label}, expected an integer in [0, ${classes})`,
    );
  }
  return label;
}
