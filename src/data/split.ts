import { createRandom, shuffleInPlace } from '../tensor/random.ts';
import { subset, type Dataset, type DatasetSplit } from './dataset.ts';

/**
 * Splits a dataset into train and test deterministically by seed: a seeded shuffle of all
 * indices, the first `testSize` become the test set. The same seed always gives the same split,
 * and no sample is in both.
 */
export function splitDataset(dataset: Dataset, testSize: number, seed: number): DatasetSplit {
  if (!Number.isInteger(testSize) || testSize < 1 || testSize >= dataset.count) {
    throw new RangeError(
      `[gradstream] split: the test size must be an integer from 1 to ${dataset.count - 1} for ${dataset.name} (${dataset.count} samples), got ${testSize}; set --test-size or the graph's training.testSize`,
    );
  }
  const order = Int32Array.from({ length: dataset.count }, (_, i) => i);
  shuffleInPlace(order, createRandom(seed));
  return {
    test: subset(dataset, order.subarray(0, testSize), `${dataset.name} (test)`),
    train: subset(dataset, order.subarray(testSize), `${dataset.name} (train)`),
  };
}
