import type { Dataset } from '../data/dataset.ts';
import { tensor } from '../tensor/tensor.ts';
import type { Network } from './network.ts';

/**
 * Classification accuracy of a network on a whole dataset, in evaluation mode, by chunks of
 * `chunkSize` samples (the argmax of each output row against the label).
 */
export function evaluateAccuracy(network: Network, dataset: Dataset, chunkSize = 500): number {
  const sampleSize = dataset.inputs.length / dataset.count;
  let correct = 0;
  for (let start = 0; start < dataset.count; start += chunkSize) {
    const size = Math.min(chunkSize, dataset.count - start);
    const inputs = tensor(
      [size, ...dataset.sampleShape],
      dataset.inputs.subarray(start * sampleSize, (start + size) * sampleSize),
    );
    const outputs = network.predict(inputs);
    correct += countCorrect(outputs.data, dataset.labels.subarray(start, start + size));
  }
  return correct / dataset.count;
}

/** How many rows of [rows, classes] scores have their largest value at the label's index. */
export function countCorrect(scores: Float32Array, labels: Float32Array): number {
  const classes = scores.length / labels.length;
  let correct = 0;
  for (let r = 0; r < labels.length; r++) {
    const base = r * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[base + c] > scores[base + best]) best = c;
    if (best === labels[r]) correct++;
  }
  return correct;
}
