import type { Shape } from '../tensor/tensor.ts';

/**
 * Labelled samples held in memory: `inputs` is [count, ...sampleShape] flattened row-major,
 * `labels` holds one class index per sample.
 */
export interface Dataset {
  readonly name: string;
  readonly sampleShape: Shape;
  readonly count: number;
  readonly classes: number;
  readonly inputs: Float32Array;
  readonly labels: Float32Array;
}

/** A train/test split of one dataset. */
export interface DatasetSplit {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** Copies the samples at `indices` into a new dataset. */
export function subset(dataset: Dataset, indices: ArrayLike<number>, name = dataset.name): Dataset {
  const size = dataset.inputs.length / dataset.count;
  const inputs = new Float32Array(indices.length * size);
  const labels = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i];
    inputs.set(dataset.inputs.subarray(from * size, (from + 1) * size), i * size);
    labels[i] = dataset.labels[from];
  }
  return { ...dataset, name, count: indices.length, inputs, labels };
}
