import { filter, map, type OperatorFunction } from 'rxjs';
import { framesOf, kindOf, layerOf, type MonitorInput } from './monitor-frame.ts';
import { sampleEvery } from './sample-every.ts';

/** The size of one parameter's update relative to the parameter, at one step. */
export interface UpdateRatio {
  readonly name: string;
  readonly layer: string;
  readonly step: number;
  /** ‖Δw‖₂ / ‖w‖₂; Infinity when ‖w‖ = 0 and Δw ≠ 0, 0 when both are 0. */
  readonly ratio: number;
  readonly updateNorm: number;
  readonly weightNorm: number;
}

/** Update ratios of every parameter completed by one emission. */
export interface UpdateRatioBatch {
  readonly step: number;
  readonly ratios: readonly UpdateRatio[];
}

/** Options of updateRatios(). */
export interface UpdateRatiosOptions {
  /** Compute on steps that are multiples of this (default 1). */
  readonly every?: number;
}

/**
 * Pairs 'update' frames (Δw) with 'weight' frames (w) of the same name and step and emits
 * ‖Δw‖/‖w‖ per parameter; about 1e-3 is the usual healthy size. The two may arrive in one batch
 * (framesFromUpdates makes such batches) or in separate emissions of the same step.
 */
export function updateRatios(
  options: UpdateRatiosOptions = {},
): OperatorFunction<MonitorInput, UpdateRatioBatch> {
  return (source) => {
    // Per-subscription state: per name, the norms seen so far for the latest step.
    const pending = new Map<
      string,
      { step: number; layer: string; update?: number; weight?: number }
    >();
    return source.pipe(
      sampleEvery<MonitorInput>(options.every ?? 1),
      map((input) => {
        const ratios: UpdateRatio[] = [];
        for (const frame of framesOf(input)) {
          const kind = kindOf(frame);
          if (kind !== 'update' && kind !== 'weight') continue;
          let entry = pending.get(frame.name);
          if (entry === undefined || entry.step !== frame.step) {
            entry = { step: frame.step, layer: layerOf(frame) };
            pending.set(frame.name, entry);
          }
          entry[kind] = l2Norm(frame.values);
          if (entry.update === undefined || entry.weight === undefined) continue;
          ratios.push(ratioOf(frame.name, entry.layer, entry.step, entry.update, entry.weight));
          pending.delete(frame.name);
        }
        return { step: input.step, ratios };
      }),
      filter((batch) => batch.ratios.length > 0),
    );
  };
}

function ratioOf(
  name: string,
  layer: string,
  step: number,
  updateNorm: number,
  weightNorm: number,
): UpdateRatio {
  const ratio = weightNorm > 0 ? updateNorm / weightNorm : updateNorm > 0 ? Infinity : 0;
  return { name, layer, step, ratio, updateNorm, weightNorm };
}

/** √Σx², in double precision. */
export function l2Norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}
