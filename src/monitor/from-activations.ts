import { filter, map, type OperatorFunction } from 'rxjs';
import type { TensorLike } from './from-gradient-bundle.ts';
import type { MonitorFrame } from './monitor-frame.ts';

/**
 * The shape of one node's output at one step. gradstream's ActivationFrame fits it; `mode`,
 * when present, tells training frames from evaluation ones.
 */
export interface ActivationFrameLike {
  readonly step: number;
  readonly mode?: string;
  readonly tensor: TensorLike;
}

/**
 * Turns a node's activation frames into monitor frames of kind 'activation' named by the node.
 * Frames whose mode is not 'train' are dropped, since evaluation passes reuse the step number.
 */
export function fromActivations(
  nodeId: string,
): OperatorFunction<ActivationFrameLike, MonitorFrame> {
  return (source) =>
    source.pipe(
      filter((f) => f.mode === undefined || f.mode === 'train'),
      map((f) => ({
        name: nodeId,
        layer: nodeId,
        step: f.step,
        kind: 'activation' as const,
        values: f.tensor.data,
        shape: f.tensor.shape,
      })),
    );
}
