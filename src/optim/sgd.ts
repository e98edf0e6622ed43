import type { OperatorFunction } from 'rxjs';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { optimizer, type LearningRate, type UpdateRule } from './optimizer.ts';

/** Options of stochastic gradient descent, named as in PyTorch's `torch.optim.SGD`. */
export interface SgdOptions {
  /** A number, or a stream of rates such as a schedule. */
  lr: LearningRate;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

/**
 * SGD with PyTorch's rule: g ← g + λw; b ← μb + (1 − τ)g (b = g on the first step);
 * g ← g + μb with Nesterov, else g ← b; w ← w − lr·g.
 */
export function sgdRule(
  options: Omit<SgdOptions, 'lr'>,
): UpdateRule<{ buffer: Float32Array | undefined }> {
  const { momentum = 0, dampening = 0, weightDecay = 0, nesterov = false } = options;
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new RangeError(
      `[gradstream] sgd: Nesterov momentum needs momentum > 0 and dampening 0, got momentum ${momentum} and dampening ${dampening}.`,
    );
  }
  return {
    createState: () => ({ buffer: undefined }),
    update(w, grad, delta, state, lr) {
      const isFirst = state.buffer === undefined;
      if (momentum !== 0 && state.buffer === undefined) state.buffer = new Float32Array(w.length);
      const b = state.buffer;
      for (let i = 0; i < w.length; i++) {
        let g = grad[i] + weightDecay * w[i];
        if (b !== undefined) {
          b[i] = isFirst ? g : momentum * b[i] + (1 - dampening) * g;
          g = nesterov ? g + momentum * b[i] : b[i];
        }
        delta[i] = -lr * g;
      }
    },
  };
}

/** `sgd({ lr: 0.1, momentum: 0.9 })`: an SGD operator for the gradient stream. */
export function sgd(options: SgdOptions): OperatorFunction<GradientBundle, UpdateBundle> {
  return optimizer(sgdRule(options), options.lr, 'sgd');
}
