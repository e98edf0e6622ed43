import type { OperatorFunction } from 'rxjs';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { optimizer, type LearningRate, type UpdateRule } from './optimizer.ts';

/** Options of Adagrad, named as in PyTorch's `torch.optim.Adagrad`. */
export interface AdagradOptions {
  /** A number, or a stream of rates such as a schedule. */
  lr: LearningRate;
  /** The rate decays as lr / (1 + (t − 1)·lrDecay). */
  lrDecay?: number;
  weightDecay?: number;
  /** Starting value of every accumulated sum of g². */
  initialAccumulatorValue?: number;
  eps?: number;
}

/**
 * Adagrad (Duchi et al., 2011) with PyTorch's rule: g ← g + λw; lrₜ = lr / (1 + (t − 1)·lrDecay);
 * s ← s + g²; w ← w − lrₜ · g / (√s + ε).
 */
export function adagradRule(
  options: Omit<AdagradOptions, 'lr'>,
): UpdateRule<{ readonly sum: Float32Array }> {
  const { lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = options;
  return {
    createState: (param) => ({
      sum: new Float32Array(param.value.data.length).fill(initialAccumulatorValue),
    }),
    update(w, grad, delta, { sum }, lr, t) {
      const decayedLr = lr / (1 + (t - 1) * lrDecay);
      for (let i = 0; i < w.length; i++) {
        const g = grad[i] + weightDecay * w[i];
        sum[i] += g * g;
        delta[i] = (-decayedLr * g) / (Math.sqrt(sum[i]) + eps);
      }
    },
  };
}

/** `adagrad({ lr: 0.01 })`: an Adagrad operator for the gradient stream. */
export function adagrad(options: AdagradOptions): OperatorFunction<GradientBundle, UpdateBundle> {
  return optimizer(adagradRule(options), options.lr, 'adagrad');
}
