/**
 * The training samples every system in the benchmark sees: the `mnist` package's 10,000 digits
 * in one seeded order, cut into full batches of 64. Inputs are [batch, 784] in [0, 1]; labels
 * are class indices as float32 (gradstream's target format; TF.js casts them itself).
 */
import { loadMnist } from '../src/data/mnist.ts';
import { createRandom, shuffleInPlace } from '../src/tensor/random.ts';

/** Batch size of every system in the benchmark. */
export const BATCH_SIZE = 64;

/** Seed of the sample order shared by all systems. */
export const ORDER_SEED = 1;

/** One mini-batch of flat buffers. */
export interface BenchBatch {
  readonly inputs: Float32Array;
  readonly labels: Float32Array;
}

/** All full batches of the shuffled digits (156 batches, 9,984 samples). */
export function benchBatches(): BenchBatch[] {
  const data = loadMnist();
  const pixels = data.inputs.length / data.count;
  const order = Int32Array.from({ length: data.count }, (_, i) => i);
  shuffleInPlace(order, createRandom(ORDER_SEED));

  const batches: BenchBatch[] = [];
  for (let start = 0; start + BATCH_SIZE <= data.count; start += BATCH_SIZE) {
    const inputs = new Float32Array(BATCH_SIZE * pixels);
    const labels = new Float32Array(BATCH_SIZE);
    for (let i = 0; i < BATCH_SIZE; i++) {
      const from = order[start + i];
      inputs.set(data.inputs.subarray(from * pixels, (from + 1) * pixels), i * pixels);
      labels[i] = data.labels[from];
    }
    batches.push({ inputs, labels });
  }
  return batches;
}
