import { map, type OperatorFunction } from 'rxjs';
import type { MonitorBatch, MonitorFrame } from './monitor-frame.ts';

/** A tensor as any trainer may hold it: values and their shape. */
export interface TensorLike {
  readonly data: Float32Array | readonly number[];
  readonly shape: readonly number[];
}

/**
 * The shape of one step's parameter gradients. gradstream's GradientBundle fits it, and so does
 * a plain object a hand-written loop builds; nothing from the engine is imported.
 */
export interface GradientBundleLike {
  readonly step: number;
  readonly params: readonly {
    readonly id: string;
    readonly nodeId: string;
    readonly value: TensorLike;
    readonly grad: TensorLike;
  }[];
}

/** Which frames to take from a gradient bundle. */
export interface GradientFramesOptions {
  /** Include a 'gradient' frame per parameter (default true). */
  readonly gradients?: boolean;
  /** Include a 'weight' frame per parameter (default true). */
  readonly weights?: boolean;
}

/**
 * Turns one step's parameters into a batch of frames: per parameter a 'gradient' frame and a
 * 'weight' frame, both named by the parameter id and grouped by its node id as the layer.
 */
export function framesFromGradients(
  bundle: GradientBundleLike,
  options: GradientFramesOptions = {},
): MonitorBatch {
  const { gradients = true, weights = true } = options;
  const frames: MonitorFrame[] = [];
  for (const p of bundle.params) {
    const common = { name: p.id, step: bundle.step, layer: p.nodeId };
    if (gradients)
      frames.push({ ...common, kind: 'gradient', values: p.grad.data, shape: p.grad.shape });
    if (weights)
      frames.push({ ...common, kind: 'weight', values: p.value.data, shape: p.value.shape });
  }
  return { step: bundle.step, frames };
}

/** The operator form of framesFromGradients, for `gradients$.pipe(fromGradientBundles(), ...)`. */
export function fromGradientBundles(
  options: GradientFramesOptions = {},
): OperatorFunction<GradientBundleLike, MonitorBatch> {
  return map((bundle) => framesFromGradients(bundle, options));
}
