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
export const DEFAULT_BINNING: LogBinning = {
  scale: 'log',
  minExponent: -8,
  maxExponent: 2,
  bins: 20,
};

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
        histograms.push({
          name: frame.name,
          layer: layerOf(frame),
          kind,
          step: frame.step,
          scale: binning.scale,
          edges,
          ...counts,
        });
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
    if (binning.scale === 'linear') edges.push(binning.min + t * (binning.max - binning.min));
    else
      edges.push(powerOfTen(binning.minExponent + t * (binning.maxExponent - binning.minExponent)));
  }
  return edges;
}

/** 10^e, exact to the nearest double for whole exponents (10 ** -7 is not 1e-7). */
function powerOfTen(e: number): number {
  const rounded = Math.round(e);
  return Math.abs(e - rounded) < 1e-12 ? Number(`1e${rounded}`) : 10 ** e;
}

/**
 * Counts values into bins in one pass. Log bins find |x| among the precomputed edges by binary
 * search (a few comparisons, no logarithm per value).
 */
export function histogram(
  values: ArrayLike<number>,
  binning: LinearBinning | LogBinning,
): Pick<FrameHistogram, 'counts' | 'underflow' | 'overflow' | 'zeros' | 'nonFinite'> {
  const counts = new Array<number>(binning.bins).fill(0);
  const tally = { underflow: 0, overflow: 0, zeros: 0, nonFinite: 0 };
  if (binning.scale === 'log')
    countLog(values, Float64Array.from(binEdges(binning)), counts, tally);
  else countLinear(values, binning, counts, tally);
  return { counts, ...tally };
}

interface Tally {
  underflow: number;
  overflow: number;
  zeros: number;
  nonFinite: number;
}

function countLinear(
  values: ArrayLike<number>,
  binning: LinearBinning,
  counts: number[],
  tally: Tally,
): void {
  const { bins, min } = binning;
  const scale = bins / (binning.max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) {
      tally.nonFinite++; // NaN − NaN and Inf − Inf are both NaN
      continue;
    }
    if (v === 0) tally.zeros++;
    const bin = Math.floor((v - min) * scale);
    if (bin < 0) tally.underflow++;
    else if (bin >= bins) tally.overflow++;
    else counts[bin]++;
  }
}

function countLog(
  values: ArrayLike<number>,
  edges: Float64Array,
  counts: number[],
  tally: Tally,
): void {
  const bins = edges.length - 1;
  const low = edges[0];
  const high = edges[bins];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) {
      tally.nonFinite++;
      continue;
    }
    const a = Math.abs(v);
    if (a < low) {
      if (a === 0) tally.zeros++;
      else tally.underflow++;
      continue;
    }
    if (a >= high) {
      tally.overflow++;
      continue;
    }
    // Largest bin whose lower edge is ≤ a.
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= a) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]++;
  }
}

function checkBinning(binning: LinearBinning | LogBinning): void {
  const [low, high] =
    binning.scale === 'linear'
      ? [binning.min, binning.max]
      : [binning.minExponent, binning.maxExponent];
  if (!(high > low) || !Number.isInteger(binning.bins) || binning.bins < 1) {
    throw new RangeError(
      `[gradstream] frameHistograms: expected a range with high > low and a positive integer number of bins, got ${JSON.stringify(binning)}`,
    );
  }
}
