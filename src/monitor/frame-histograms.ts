import { filter, map, pipe, type OperatorFunction } from 'rxjs';
import { framesOf, kindOf, layerOf, type FrameKind, type MonitorInput } from './monitor-frame.ts';
import { sampleEvery } from './sample-every.ts';

/** Linear bins of x over [min, max). */
export interface LinearBinning {
  readonly scale: 'linear';
  readonly min: number;
  readonly max: number;
  readonly bins: number;
}

/** Logarithmic bins of |x| over [10^minExponent, 10^maxExponent). */
export interface LogBinning {
  readonly scale: 'log';
  readonly minExponent: number;
  readonly maxExponent: number;
  readonly bins: number;
}

/** The default binning: |x| from 1e-8 to 1e2, two bins per decade. */
export const DEFAULT_BINNING: LogBinning = { scale: 'log', minExponent: -8, maxExponent: 2, bins: 20 };

/**
 * A histogram of one frame. Bin i counts values in [edges[i], edges[i+1]) (log scale: |x| in
 * that range). Values below the first edge go to `underflow`, at or above the last to
 * `overflow`; on the log scale exact zeros are counted apart in `zeros`, not in `underflow`.
 * NaN and ±Inf go only to `nonFinite`.
 */
export interface FrameHistogram {
  readonly name: string;
  readonly layer: string;
  readonly kind: FrameKind;
  readonly step: number;
  readonly scale: 'linear' | 'log';
  /** bins + 1 edges, in value units (not exponents). */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  readonly underflow: number;
  readonly overflow: number;
  readonly zeros: number;
  readonly nonFinite: number;
}

/** Histograms of every frame of one step. */
export interface HistogramBatch {
  readonly step: number;
  readonly histograms: readonly FrameHistogram[];
}

/** Options of frameHistograms(). */
export interface FrameHistogramsOptions {
  /** Default DEFAULT_BINNING (log |x|, 1e-8..1e2, 20 bins). */
  readonly binning?: LinearBinning | LogBinning;
  /** Only frames of these kinds (default: all). */
  readonly kinds?: readonly FrameKind[];
  /** Compute on steps that are multiples of this (default 1). */
  readonly every?: number;
}

/** Histograms per frame, linear in x or logarithmic in |x|; one HistogramBatch per input. */
export function frameHistograms(
  options: FrameHistogramsOptions = {},
): OperatorFunction<MonitorInput, HistogramBatch> {
  const binning = options.binning ?? DEFAULT_BINNING;
  checkBinning(binning);
  const edges = binEdges(binning);
  const kinds = options.kinds;
  return pipe(
    sampleEvery<MonitorInput>(options.every ?? 1),
    map((input) => {
      const histograms: FrameHistogram[] = [];
      for (const frame of framesOf(input)) {
        const kind = kindOf(frame);
        if (kinds !== undefined && !kinds.includes(kind)) continue;
        const counts = histogram(frame.values, binning);
        histograms.push({ name: frame.name, layer: layerOf(frame), kind, step: frame.step, scale: binning.scale, edges, ...counts });
      }
      return { step: input.step, histograms };
    }),
    filter((batch) => batch.histograms.length > 0),
  );
}

/** The bins + 1 edges of a binning, in value units. */
export function binEdges(binning: LinearBinning | LogBinning): number[] {
  const edges: number[] = [];
  for (let i = 0; i <= binning.bins; i++) {
    const t = i / binning.bins;
    edges.push(
      binning.scale === 'linear'
        ? binning.min + t * (binning.max - binning.min)
        : 10 ** (binning.minExponent + t * (binning.maxExponent - binning.minExponent)),
    );
  }
  return edges;
}

/** Counts values into bins in one pass: no allocation besides the counts. */
export function histogram(
  values: ArrayLike<number>,
  binning: LinearBinning | LogBinning,
): Pick<FrameHistogram, 'counts' | 'underflow' | 'overflow' | 'zeros' | 'nonFinite'> {
  const { bins } = binning;
  const counts = new Array<number>(bins).fill(0);
  let underflow = 0;
  let overflow = 0;
  let zeros = 0;
  let nonFinite = 0;
  const isLog = binning.scale === 'log';
  const low = isLog ? binning.minExponent : binning.min;
  const scale = bins / (isLog ? binning.maxExponent - binning.minExponent : binning.max - binning.min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) {
      nonFinite++; // NaN - NaN and Inf - Inf are both NaN
      continue;
    }
    if (v === 0) zeros++;
    if (isLog && v === 0) continue;
    const position = isLog ? Math.log10(Math.abs(v)) : v;
    const bin = Math.floor((position - low) * scale);
    if (bin < 0) underflow++;
    else if (bin >= bins) overflow++;
    else counts[bin]++;
  }
  return { counts, underflow, overflow, zeros, nonFinite };
}

function checkBinning(binning: LinearBinning | LogBinning): void {
  const [low, high] = binning.scale === 'linear' ? [binning.min, binning.max] : [binning.minExponent, binning.maxExponent];
  if (!(high > low) || !Number.isInteger(binning.bins) || binning.bins < 1) {
    throw new RangeError(
      `[gradstream] frameHistograms: expected a range with high > low and a positive integer number of bins, got ${JSON.stringify(binning)}`,
    );
  }
}
