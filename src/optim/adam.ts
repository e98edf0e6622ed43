import type { OperatorFunction } from 'rxjs';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { optimizer, type UpdateRule } from './optimizer.ts';

/** Options of Adam, named as in PyTorch's `torch.optim.Adam`. */
export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

interface AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
}

/**
 * Adam (Kingma & Ba, 2015) with PyTorch's rule: g ← g + λw; m ← β₁m + (1 − β₁)g;
 * v ← β₂v + (1 − β₂)g²; w ← w − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
 */
export function adamRule(options: AdamOptions): UpdateRule<AdamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0 } = options;
  return {
    createState: (param) => ({
      m: new Float32Array(param.value.data.length),
      v: new Float32Array(param.value.data.length),
    }),
    update(w, grad, delta, { m, v }, lr, t) {
      const stepSize = lr / (1 - beta1 ** t);
      const sqrtCorrection2 = Math.sqrt(1 - beta2 ** t);
      for (let i = 0; i < w.length; i++) {
        const g = grad[i] + weightDecay * w[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        delta[i] = (-stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtCorrection2 + eps);
      }
    },
  };
}

/** `adam({ lr: 1e-3 })`: an Adam operator for the gradient stream. */
export function adam(options: AdamOptions): OperatorFunction<GradientBundle, UpdateBundle> {
  return optimizer(adamRule(options), options.lr);
}
