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
  const count = histogramCounter(binning);
  const kinds = options.kinds;
  return pipe(
    sampleEvery<MonitorInput>(options.every ?? 1),
    map((input) => {
      const histograms: FrameHistogram[] = [];
      for (const frame of framesOf(input)) {
        const kind = kindOf(frame);
        if (kinds !== undefined && !kinds.includes(kind)) continue;
        const counts = count(frame.values);
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

/** Counts values into bins in one pass (see histogramCounter). */
export function histogram(
  values: ArrayLike<number>,
  binning: LinearBinning | LogBinning,
): HistogramCounts {
  return histogramCounter(binning)(values);
}

/** What a histogram counted. */
export type HistogramCounts = Pick<
  FrameHistogram,
  'counts' | 'underflow' | 'overflow' | 'zeros' | 'nonFinite'
>;

/**
 * Prepares a binning once and returns a counting function. Log bins of a Float32Array read
 * each value's bits: a table indexed by exponent and top mantissa bits gives the bin, and an
 * integer comparison with the next edge settles the rest (no logarithm, no search per value).
 * Other arrays take a binary search over the edges.
 */
export function histogramCounter(
  binning: LinearBinning | LogBinning,
): (values: ArrayLike<number>) => HistogramCounts {
  if (binning.scale === 'linear') {
    return (values) =>
      finish(binning.bins, (counts, tally) => countLinear(values, binning, counts, tally));
  }
  const edges = Float64Array.from(binEdges(binning));
  const table = logTable(edges);
  return (values) =>
    finish(binning.bins, (counts, tally) => {
      if (values instanceof Float32Array) countLogBits(values, table, counts, tally);
      else countLog(values, edges, counts, tally);
    });
}

function finish(bins: number, count: (counts: number[], tally: Tally) => void): HistogramCounts {
  const counts = new Array<number>(bins).fill(0);
  const tally = { underflow: 0, overflow: 0, zeros: 0, nonFinite: 0 };
  count(counts, tally);
  return { counts, ...tally };
}

/** Bit patterns of float32 |x|, per edge the smallest at or above it, and the per-bucket start bins. */
interface LogTable {
  /** bins + 2 entries: edgeBits[j] for edge j, then a sentinel above every finite value. */
  readonly edgeBits: Uint32Array;
  /** Per top 16 bits of |x|: the bin of the bucket's lowest value (−1 below range, bins above). */
  readonly start: Int16Array;
}

function logTable(edges: Float64Array): LogTable {
  const bins = edges.length - 1;
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  const edgeBits = new Uint32Array(bins + 2);
  for (let j = 0; j <= bins; j++) {
    f32[0] = edges[j];
    edgeBits[j] = f32[0] < edges[j] ? u32[0] + 1 : u32[0];
  }
  edgeBits[bins + 1] = 0x7f800000; // +Inf: above every finite value
  const start = new Int16Array(1 << 15);
  for (let key = 0; key < start.length; key++) {
    const lowest = key << 16;
    let b = -1;
    while (b < bins && edgeBits[b + 1] <= lowest) b++;
    start[key] = b;
  }
  return { edgeBits, start };
}

function countLogBits(values: Float32Array, table: LogTable, counts: number[], tally: Tally): void {
  const bins = counts.length;
  const { edgeBits, start } = table;
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  // slots[0]: below range (zeros included, taken out below); slots[bins + 1]: at or above.
  const slots = new Int32Array(bins + 2);
  let zeros = 0;
  let nonFinite = 0;
  for (let i = 0; i < bits.length; i++) {
    const a = bits[i] & 0x7fffffff;
    if (a >= 0x7f800000) {
      nonFinite++;
      continue;
    }
    zeros += a === 0 ? 1 : 0;
    let b = start[a >>> 16];
    while (a >= edgeBits[b + 1]) b++;
    slots[b + 1]++;
  }
  for (let j = 0; j < bins; j++) counts[j] = slots[j + 1];
  tally.underflow = slots[0] - zeros;
  tally.overflow = slots[bins + 1];
  tally.zeros = zeros;
  tally.nonFinite = nonFinite;
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
