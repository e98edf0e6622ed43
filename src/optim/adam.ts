import type { OperatorFunction } from 'rxjs';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { optimizer, type LearningRate, type UpdateRule } from './optimizer.ts';

/** Options of Adam, named as in PyTorch's `torch.optim.Adam` (`betas` split in two). */
export interface AdamOptions {
  /** A number, or a stream of rates such as a schedule. */
  lr: LearningRate;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty added to the gradient (coupled); see adamw for the decoupled form. */
  weightDecay?: number;
  /** Normalise by the running maximum of v (Reddi et al., 2018). */
  amsgrad?: boolean;
}

/** Moment buffers of Adam and AdamW; `vMax` only with AMSGrad. */
export interface AdamState {
  readonly m: Float32Array;
  readonly v: Float32Array;
  readonly vMax: Float32Array | undefined;
}

/** Fresh Adam moments for a parameter of `size` values. */
export function createAdamState(size: number, amsgrad: boolean): AdamState {
  return {
    m: new Float32Array(size),
    v: new Float32Array(size),
    vMax: amsgrad ? new Float32Array(size) : undefined,
  };
}

/**
 * Adds to `delta` Adam's step from the moments, after updating them with `g = grad + λw`:
 * m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; v̂ ← max(v̂, v) with AMSGrad, else v;
 * delta += −(lr / (1 − β₁ᵗ)) · m / (√v̂ / √(1 − β₂ᵗ) + ε). Shared by adam and adamw.
 */
export function addAdamStep(
  w: Float32Array,
  grad: Float32Array,
  delta: Float32Array,
  state: AdamState,
  options: {
    lr: number;
    t: number;
    beta1: number;
    beta2: number;
    eps: number;
    weightDecay: number;
  },
): void {
  const { lr, t, beta1, beta2, eps, weightDecay } = options;
  const { m, v, vMax } = state;
  const stepSize = lr / (1 - beta1 ** t);
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** t);
  for (let i = 0; i < w.length; i++) {
    const g = grad[i] + weightDecay * w[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    let vHat = v[i];
    if (vMax !== undefined) {
      if (vHat > vMax[i]) vMax[i] = vHat;
      vHat = vMax[i];
    }
    delta[i] += (-stepSize * m[i]) / (Math.sqrt(vHat) / sqrtCorrection2 + eps);
  }
}

/**
 * The same step as addAdamStep without weight decay or AMSGrad, written straight into `delta`
 * and added to `w` in the same pass.
 * NOTE: a separate loop on purpose: the optimizer is a third of a training step once matrix
 * multiply runs in WebAssembly, and this form (no branch, no clearing pass, one read of each
 * moment) is about twice as fast as the general one.
 */
function writePlainAdamStep(
  w: Float32Array,
  grad: Float32Array,
  delta: Float32Array,
  { m, v }: AdamState,
  lr: number,
  t: number,
  beta1: number,
  beta2: number,
  eps: number,
): void {
  const stepSize = lr / (1 - beta1 ** t);
  const invSqrtCorrection2 = 1 / Math.sqrt(1 - beta2 ** t);
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  for (let i = 0; i < grad.length; i++) {
    const g = grad[i];
    const mi = beta1 * m[i] + keep1 * g;
    const vi = beta2 * v[i] + keep2 * g * g;
    m[i] = mi;
    v[i] = vi;
    const d = (-stepSize * mi) / (Math.sqrt(vi) * invSqrtCorrection2 + eps);
    delta[i] = d;
    w[i] += d;
  }
}

/**
 * Adam (Kingma & Ba, 2015) with PyTorch's rule: g ← g + λw; m ← β₁m + (1 − β₁)g;
 * v ← β₂v + (1 − β₂)g²; w ← w − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε);
 * AMSGrad uses max over steps of v in place of v.
 */
export function adamRule(options: Omit<AdamOptions, 'lr'>): UpdateRule<AdamState> {
  const { beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0, amsgrad = false } = options;
  return {
    createState: (param) => createAdamState(param.value.data.length, amsgrad),
    appliesDelta: true,
    update(w, grad, delta, state, lr, t) {
      if (weightDecay === 0 && !amsgrad) {
        writePlainAdamStep(w, grad, delta, state, lr, t, beta1, beta2, eps);
        return;
      }
      delta.fill(0);
      addAdamStep(w, grad, delta, state, { lr, t, beta1, beta2, eps, weightDecay });
      for (let i = 0; i < w.length; i++) w[i] += delta[i];
    },
  };
}

/** `adam({ lr: 1e-3 })`: an Adam operator for the gradient stream. */
export function adam(options: AdamOptions): OperatorFunction<GradientBundle, UpdateBundle> {
  return optimizer(adamRule(options), options.lr, 'adam');
}
