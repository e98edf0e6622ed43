import { reuse, type Tensor } from '../../tensor/tensor.ts';
import type { LossDefinition } from './loss.ts';
import { checkTargetsLike } from './targets.ts';

/**
 * Binary cross-entropy on logits z with targets t in [0, 1], as PyTorch's BCEWithLogitsLoss
 * (mean over every element): L = (1/N)·Σ −[t·ln σ(z) + (1 − t)·ln(1 − σ(z))]
 * = (1/N)·Σ max(z, 0) − z·t + ln(1 + e^(−|z|)); ∂L/∂z = (σ(z) − t)/N.
 * The second form never takes the log of an underflowed probability, so any finite logit is safe.
 * Backward keeps σ(z) − t.
 */
export const binaryCrossEntropyWithLogitsDefinition: LossDefinition = {
  op: 'binaryCrossEntropyWithLogits',
  params: {},
  create(_params, { predictionId, predictionShape }) {
    // Kept from forward for backward: σ(z) − t.
    let residual: Tensor | undefined;
    let dz: Tensor | undefined;
    const checkTargets = (targets: Tensor, rows: number): void =>
      checkTargetsLike(
        'binaryCrossEntropyWithLogits',
        predictionId,
        predictionShape,
        rows,
        targets,
      );
    return {
      checkTargets,
      forward(logits, targets) {
        checkTargets(targets, logits.shape[0]);
        residual = reuse(residual, logits.shape);
        const z = logits.data;
        const t = targets.data;
        const r = residual.data;
        let total = 0;
        for (let i = 0; i < z.length; i++) {
          const v = z[i];
          const e = Math.exp(-Math.abs(v));
          total += Math.max(v, 0) - v * t[i] + Math.log1p(e);
          // σ(z) from the same e^(−|z|): 1/(1 + e) for z ≥ 0, e/(1 + e) otherwise.
          r[i] = (v >= 0 ? 1 / (1 + e) : e / (1 + e)) - t[i];
        }
        return total / z.length;
      },
      backward() {
        if (residual === undefined)
          throw new Error(
            '[gradstream] loss binaryCrossEntropyWithLogits: backward before forward',
          );
        dz = reuse(dz, residual.shape);
        const scale = 1 / residual.data.length;
        const r = residual.data;
        const g = dz.data;
        for (let i = 0; i < r.length; i++) g[i] = r[i] * scale;
        return dz;
      },
    };
  },
};
