import { rowMax, rowSumExp } from '../../tensor/ops.ts';
import { formatShape, reuse, type Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../errors.ts';
import type { LossDefinition } from './loss.ts';

/**
 * Softmax cross-entropy on logits z of shape [batch, classes], as PyTorch's CrossEntropyLoss.
 * Targets are either integer class labels of shape [batch] or class probabilities (one-hot or
 * soft) of shape [batch, classes]; the targets' rank decides, at every forward.
 * Labels: L = mean_b(lse(z_b) − z_b[label_b]); ∂L/∂z = (softmax(z) − onehot(label)) / batch.
 * Probabilities: L = mean_b Σ_c t_bc·(lse(z_b) − z_bc); ∂L/∂z = (softmax(z)·Σ_c t_bc − t) / batch.
 * Stable for any finite logits: lse subtracts the row maximum before exponentiating, and
 * lse(z) − z_c is never the log of an underflowed probability.
 */
export const softmaxCrossEntropyDefinition: LossDefinition = {
  op: 'softmaxCrossEntropy',
  params: {},
  create(_params, { predictionShape, predictionId }) {
    if (predictionShape.length !== 1) {
      throw new ShapeError(
        `loss 'softmaxCrossEntropy': expected logits of shape [classes] per sample from '${predictionId}', got ${formatShape(predictionShape)}`,
      );
    }
    const classes = predictionShape[0];
    // Kept from forward for backward: the softmax probabilities and the targets.
    let probabilities: Tensor | undefined;
    let targets: Tensor | undefined;
    let dz: Tensor | undefined;
    return {
      checkTargets(given, rows) {
        checkTargetShape(given, rows, classes, predictionId);
        if (given.shape.length === 1)
          for (let r = 0; r < rows; r++) checkLabel(given.data[r], classes, r);
      },
      forward(logits, given) {
        const rows = logits.data.length / classes;
        checkTargetShape(given, rows, classes, predictionId);
        probabilities = reuse(probabilities, logits.shape);
        targets = given;
        const z = logits.data;
        const t = given.data;
        const p = probabilities.data;
        const isLabels = given.shape.length === 1;
        let total = 0;
        for (let r = 0, base = 0; r < rows; r++, base += classes) {
          const max = rowMax(z, base, classes);
          const sum = rowSumExp(z, base, classes, max);
          const lse = Math.log(sum) + max;
          if (isLabels) {
            total += lse - z[base + checkLabel(t[r], classes, r)];
          } else {
            for (let c = 0; c < classes; c++)
              if (t[base + c] !== 0) total += t[base + c] * (lse - z[base + c]);
          }
          const inv = 1 / sum;
          for (let c = 0; c < classes; c++) p[base + c] = Math.exp(z[base + c] - max) * inv;
        }
        return total / rows;
      },
      backward() {
        if (probabilities === undefined || targets === undefined) {
          throw new Error('[gradstream] loss softmaxCrossEntropy: backward before forward');
        }
        dz = reuse(dz, probabilities.shape);
        if (targets.shape.length === 1)
          labelGradient(probabilities.data, targets.data, dz.data, classes);
        else probabilityGradient(probabilities.data, targets.data, dz.data, classes);
        return dz;
      },
    };
  },
};

/** g = (p − onehot(label)) / rows. */
function labelGradient(
  p: Float32Array,
  labels: Float32Array,
  g: Float32Array,
  classes: number,
): void {
  const rows = p.length / classes;
  const scale = 1 / rows;
  for (let i = 0; i < p.length; i++) g[i] = p[i] * scale;
  for (let r = 0; r < rows; r++) g[r * classes + labels[r]] -= scale;
}

/** g = (p·Σ_c t − t) / rows; Σ_c t is 1 for proper distributions, kept for unnormalized targets. */
function probabilityGradient(
  p: Float32Array,
  t: Float32Array,
  g: Float32Array,
  classes: number,
): void {
  const scale = 1 / (p.length / classes);
  for (let base = 0; base < p.length; base += classes) {
    let mass = 0;
    for (let c = 0; c < classes; c++) mass += t[base + c];
    for (let c = 0; c < classes; c++) g[base + c] = (p[base + c] * mass - t[base + c]) * scale;
  }
}

function checkTargetShape(
  targets: Tensor,
  rows: number,
  classes: number,
  predictionId: string,
): void {
  const shape = targets.shape;
  const isLabels = shape.length === 1 && shape[0] === rows;
  const isProbabilities = shape.length === 2 && shape[0] === rows && shape[1] === classes;
  if (isLabels || isProbabilities) return;
  throw new ShapeError(
    `loss 'softmaxCrossEntropy': expected labels [${rows}] or probabilities [${rows}, ${classes}] for the logits from '${predictionId}', got targets ${formatShape(shape)}`,
  );
}

function checkLabel(label: number, classes: number, row: number): number {
  if (!Number.isInteger(label) || label < 0 || label >= classes) {
    throw new RangeError(
      `[gradstream] loss 'softmaxCrossEntropy': label at batch row ${row} is ${label}, expected an integer in [0, ${classes})`,
    );
  }
  return label;
}
