import type { OperatorFunction } from 'rxjs';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { optimizer, type LearningRate, type UpdateRule } from './optimizer.ts';

/** Options of RMSprop, named as in PyTorch's `torch.optim.RMSprop`. */
export interface RmspropOptions {
  /** A number, or a stream of rates such as a schedule. */
  lr: LearningRate;
  /** Smoothing constant of the running mean of g². */
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  /** Normalise by an estimate of the variance of g (the mean of g² minus the squared mean of g). */
  centered?: boolean;
}

interface RmspropState {
  readonly squareAvg: Float32Array;
  readonly gradAvg: Float32Array | undefined;
  readonly buffer: Float32Array | undefined;
}

/**
 * RMSprop (Hinton, 2012) with PyTorch's rule: g ← g + λw; s ← αs + (1 − α)g²;
 * centred: a ← αa + (1 − α)g, d = √(s − a²) + ε, else d = √s + ε;
 * with momentum μ > 0: b ← μb + g/d, w ← w − lr·b; else w ← w − lr·g/d.
 */
export function rmspropRule(options: Omit<RmspropOptions, 'lr'>): UpdateRule<RmspropState> {
  const { alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = options;
  return {
    createState: (param) => {
      const n = param.value.data.length;
      return {
        squareAvg: new Float32Array(n),
        gradAvg: centered ? new Float32Array(n) : undefined,
        buffer: momentum > 0 ? new Float32Array(n) : undefined,
      };
    },
    update(w, grad, delta, { squareAvg, gradAvg, buffer }, lr) {
      for (let i = 0; i < w.length; i++) {
        const g = grad[i] + weightDecay * w[i];
        squareAvg[i] = alpha * squareAvg[i] + (1 - alpha) * g * g;
        let variance = squareAvg[i];
        if (gradAvg !== undefined) {
          gradAvg[i] = alpha * gradAvg[i] + (1 - alpha) * g;
          variance -= gradAvg[i] * gradAvg[i];
        }
        const d = Math.sqrt(variance) + eps;
        if (buffer !== undefined) {
          buffer[i] = momentum * buffer[i] + g / d;
          delta[i] = -lr * buffer[i];
        } else {
          delta[i] = (-lr * g) / d;
        }
      }
    },
  };
}

/** `rmsprop({ lr: 0.01 })`: an RMSprop operator for the gradient stream. */
export function rmsprop(options: RmspropOptions): OperatorFunction<GradientBundle, UpdateBundle> {
  return optimizer(rmspropRule(options), options.lr, 'rmsprop');
}
