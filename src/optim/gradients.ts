import type { Tensor } from '../tensor/tensor.ts';

/** One parameter's value and gradient as they travel on the gradient stream. */
export interface ParamGradient {
  /** Stable id, `<node id>/<name>`. */
  readonly id: string;
  readonly nodeId: string;
  readonly name: string;
  /** The parameter's value; optimizers update it in place. */
  readonly value: Tensor;
  /** ∂loss/∂value for this step; clipping rescales it in place. */
  readonly grad: Tensor;
}

/** All parameter gradients of one training step: one emission per step on the gradient stream. */
export interface GradientBundle {
  readonly step: number;
  readonly params: readonly ParamGradient[];
}

/** What an optimizer changed in one parameter: `delta` = new value − old value. */
export interface ParamUpdate {
  readonly param: ParamGradient;
  readonly delta: Tensor;
}

/** What an optimizer did in one step. */
export interface UpdateBundle {
  readonly step: number;
  readonly lr: number;
  readonly updates: readonly ParamUpdate[];
}
