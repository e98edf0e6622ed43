import { Observable } from 'rxjs';
import type { Batch } from '../engine/frames.ts';
import { shuffleInPlace, type Random } from '../tensor/random.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import type { Dataset } from './dataset.ts';

/** How a dataset is cut into mini-batches. */
export interface BatchOptions {
  readonly batchSize: number;
  /** Shuffles the order with this generator when given; keeps it otherwise. */
  readonly random?: Random;
  /**
   * Yields to the event loop when this many milliseconds have passed since the last yield, so
   * servers and timers stay live during training (default 20). 0 never yields.
   */
  readonly yieldEveryMs?: number;
  /**
   * A last batch smaller than this joins the batch before it, so no batch is smaller unless the
   * whole dataset is (default 1: the last batch may hold a single sample). Batch normalization
   * in training needs 2. Must not exceed `batchSize`.
   */
  readonly minBatchSize?: number;
}

/** How many batches one pass emits: ⌈count / batchSize⌉, less one when a short tail is folded in. */
export function batchCount(count: number, batchSize: number, minBatchSize = 1): number {
  const remainder = count % batchSize;
  const isFolded = count > batchSize && remainder > 0 && remainder < minBatchSize;
  return Math.ceil(count / batchSize) - (isFolded ? 1 : 0);
}

/**
 * One pass over a dataset as an Observable of mini-batches. The last one may be smaller, or, when
 * it would be smaller than `minBatchSize`, larger: its samples join the batch before it.
 * Emission is synchronous between yields, so a subscriber's training step runs with no
 * scheduler hop; the only async part is the periodic yield, at the data edge.
 * NOTE: batch tensors are reused between emissions; a subscriber must use them before returning.
 */
export function batches$(dataset: Dataset, options: BatchOptions): Observable<Batch> {
  const { batchSize, random, yieldEveryMs = 20, minBatchSize = 1 } = options;
  if (minBatchSize > batchSize) {
    throw new RangeError(
      `[gradstream] batches$: batchSize ${batchSize} is below minBatchSize ${minBatchSize}; use batches of at least ${minBatchSize}`,
    );
  }
  return new Observable<Batch>((subscriber) => {
    const order = Int32Array.from({ length: dataset.count }, (_, i) => i);
    if (random) shuffleInPlace(order, random);
    const sampleSize = dataset.inputs.length / dataset.count;
    let full: Batch | undefined;
    let start = 0;
    let isClosed = false;
    let immediate: NodeJS.Immediate | undefined;

    const emitUntilYield = (): void => {
      const since = performance.now();
      while (start < dataset.count && !isClosed) {
        const size = nextSize(dataset.count - start, batchSize, minBatchSize);
        const batch =
          size === batchSize
            ? (full ??= emptyBatch(dataset, batchSize))
            : emptyBatch(dataset, size);
        fill(batch, dataset, order, start, sampleSize);
        start += size;
        subscriber.next(batch);
        if (
          yieldEveryMs > 0 &&
          performance.now() - since >= yieldEveryMs &&
          start < dataset.count
        ) {
          immediate = setImmediate(emitUntilYield);
          return;
        }
      }
      if (!isClosed) subscriber.complete();
    };
    emitUntilYield();
    return () => {
      isClosed = true;
      if (immediate) clearImmediate(immediate);
    };
  });
}

/** A full batch, or all that is left when less than a full batch would remain after it. */
function nextSize(left: number, batchSize: number, minBatchSize: number): number {
  const tail = left - batchSize;
  return tail > 0 && tail < minBatchSize ? left : Math.min(batchSize, left);
}

function emptyBatch(dataset: Dataset, size: number): { inputs: Tensor; targets: Tensor } {
  return { inputs: tensor([size, ...dataset.sampleShape]), targets: tensor([size]) };
}

function fill(
  batch: Batch,
  dataset: Dataset,
  order: Int32Array,
  start: number,
  sampleSize: number,
): void {
  const size = batch.targets.data.length;
  for (let i = 0; i < size; i++) {
    const from = order[start + i];
    batch.inputs.data.set(
      dataset.inputs.subarray(from * sampleSize, (from + 1) * sampleSize),
      i * sampleSize,
    );
    batch.targets.data[i] = dataset.labels[from];
  }
}
