import { reuse, type Tensor } from '../../tensor/tensor.ts';
import type { LossDefinition } from './loss.ts';
import { checkTargetsLike } from './targets.ts';

/**
 * Mean squared error over every element, as PyTorch's MSELoss with its default 'mean' reduction:
 * L = (1/N)·Σ (y − t)², N = batch × per-sample size; ∂L/∂y = 2(y − t)/N.
 * Targets have the predictions' shape. Backward keeps the difference y − t.
 */
export const meanSquaredErrorDefinition: LossDefinition = {
  op: 'meanSquaredError',
  params: {},
  create(_params, { predictionId, predictionShape }) {
    // Kept from forward for backward: the difference y − t.
    let diff: Tensor | undefined;
    let dy: Tensor | undefined;
    const checkTargets = (targets: Tensor, rows: number): void =>
      checkTargetsLike('meanSquaredError', predictionId, predictionShape, rows, targets);
    return {
      checkTargets,
      forward(predictions, targets) {
        checkTargets(targets, predictions.shape[0]);
        diff = reuse(diff, predictions.shape);
        const y = predictions.data;
        const t = targets.data;
        const d = diff.data;
        let total = 0;
        for (let i = 0; i < y.length; i++) {
          const e = y[i] - t[i];
          d[i] = e;
          total += e * e;
        }
        return total / y.length;
      },
      backward() {
        if (diff === undefined)
          throw new Error('[gradstream] loss meanSquaredError: backward before forward');
        dy = reuse(dy, diff.shape);
        const scale = 2 / diff.data.length;
        const d = diff.data;
        const g = dy.data;
        for (let i = 0; i < d.length; i++) g[i] = d[i] * scale;
        return dy;
      },
    };
  },
};
