import { filter, map, pipe, type OperatorFunction } from 'rxjs';
import { framesOf, kindOf, layerOf, type FrameKind, type MonitorInput } from './monitor-frame.ts';
import { sampleEvery } from './sample-every.ts';
import { tensorStatistics, type TensorStatistics } from './tensor-statistics.ts';

/** Statistics of one frame: which tensor, and its L2 norm, mean, std, max |x|, zeros, NaN, Inf. */
export interface FrameStatistics extends TensorStatistics {
  readonly name: string;
  readonly layer: string;
  readonly kind: FrameKind;
  readonly step: number;
  /** Number of values read. */
  readonly count: number;
}

/** Statistics of every frame of one step. */
export interface StatisticsBatch {
  readonly step: number;
  readonly stats: readonly FrameStatistics[];
}

/** Options of frameStatistics(). */
export interface FrameStatisticsOptions {
  /** Only frames of these kinds (default: all). */
  readonly kinds?: readonly FrameKind[];
  /** Compute on steps that are multiples of this (default 1: every step). */
  readonly every?: number;
}

/**
 * Computes per-frame statistics (see tensorStatistics) for each emission: one StatisticsBatch
 * per input, empty emissions dropped. Works on gradients, weights, updates and activations alike.
 */
export function frameStatistics(
  options: FrameStatisticsOptions = {},
): OperatorFunction<MonitorInput, StatisticsBatch> {
  const kinds = options.kinds;
  return pipe(
    sampleEvery<MonitorInput>(options.every ?? 1),
    map((input) => {
      const stats: FrameStatistics[] = [];
      for (const frame of framesOf(input)) {
        const kind = kindOf(frame);
        if (kinds !== undefined && !kinds.includes(kind)) continue;
        const s = tensorStatistics(frame.values);
        stats.push({
          ...s,
          name: frame.name,
          layer: layerOf(frame),
          kind,
          step: frame.step,
          count: frame.values.length,
        });
      }
      return { step: input.step, stats };
    }),
    filter((batch) => batch.stats.length > 0),
  );
}
