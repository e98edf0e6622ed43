import type { OperatorFunction } from 'rxjs';
import { addAdamStep, createAdamState, type AdamState } from './adam.ts';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { optimizer, type LearningRate, type UpdateRule } from './optimizer.ts';

/** Options of AdamW, named as in PyTorch's `torch.optim.AdamW` (`betas` split in two). */
export interface AdamWOptions {
  /** A number, or a stream of rates such as a schedule. */
  lr: LearningRate;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled decay: w ← w(1 − lr·λ) before the Adam step. PyTorch's default is 0.01. */
  weightDecay?: number;
  amsgrad?: boolean;
}

/**
 * AdamW (Loshchilov & Hutter, 2019) with PyTorch's rule: w ← w(1 − lr·λ), then the Adam step on
 * the raw gradient: m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
 * w ← w − (lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε), v̂ = v (or max over steps with AMSGrad).
 */
export function adamwRule(options: Omit<AdamWOptions, 'lr'>): UpdateRule<AdamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.01, amsgrad = false } = options;
  return {
    createState: (param) => createAdamState(param.value.data.length, amsgrad),
    update(w, grad, delta, state, lr, t) {
      // NOTE: PyTorch decays w first and takes m, v from the undecayed gradient, so the decay is
      // written into delta and the Adam step sees weightDecay 0.
      const decay = lr * weightDecay;
      for (let i = 0; i < w.length; i++) delta[i] = -decay * w[i];
      addAdamStep(w, grad, delta, state, { lr, t, beta1, beta2, eps, weightDecay: 0 });
    },
  };
}

/** `adamw({ lr: 1e-3, weightDecay: 0.01 })`: an AdamW operator for the gradient stream. */
export function adamw(options: AdamWOptions): OperatorFunction<GradientBundle, UpdateBundle> {
  return optimizer(adamwRule(options), options.lr, 'adamw');
}
