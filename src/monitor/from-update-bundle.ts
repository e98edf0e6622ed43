import { map, type OperatorFunction } from 'rxjs';
import type { TensorLike } from './from-gradient-bundle.ts';
import type { MonitorBatch, MonitorFrame } from './monitor-frame.ts';

/**
 * The shape of what an optimizer changed in one step. gradstream's UpdateBundle fits it:
 * `delta` is new value − old value, and `param.value` is the value after the update.
 */
export interface UpdateBundleLike {
  readonly step: number;
  readonly updates: readonly {
    readonly param: { readonly id: string; readonly nodeId: string; readonly value: TensorLike };
    readonly delta: TensorLike;
  }[];
}

/**
 * Turns one step's updates into a batch with, per parameter, an 'update' frame (the delta) and
 * a 'weight' frame (the value), ready for updateRatios().
 */
export function framesFromUpdates(bundle: UpdateBundleLike): MonitorBatch {
  const frames: MonitorFrame[] = [];
  for (const { param, delta } of bundle.updates) {
    const common = { name: param.id, step: bundle.step, layer: param.nodeId };
    frames.push({ ...common, kind: 'update', values: delta.data, shape: delta.shape });
    frames.push({ ...common, kind: 'weight', values: param.value.data, shape: param.value.shape });
  }
  return { step: bundle.step, frames };
}

/** The operator form of framesFromUpdates. */
export function fromUpdateBundles(): OperatorFunction<UpdateBundleLike, MonitorBatch> {
  return map(framesFromUpdates);
}
