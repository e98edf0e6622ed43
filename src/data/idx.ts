import { basename } from 'node:path';
import { formatShape } from '../tensor/tensor.ts';
import { DataFileError } from './data-file-error.ts';
import type { Dataset } from './dataset.ts';
import { IDX_TYPES, readIdxFile, type IdxArray } from './idx-file.ts';

/** Where the IDX pair lives and how to shape it. */
export interface IdxOptions {
  /** Samples: rank ≥ 1, first dim the sample count, e.g. [60000, 28, 28]. Gzipped or not. */
  readonly images: string;
  /** One class index per sample: rank 1, integers ≥ 0. Gzipped or not. */
  readonly labels: string;
  /** Dataset name; default: the images file's name without `.gz`. */
  readonly name?: string;
  /**
   * Flattens each sample to one axis (default true): [n, 28, 28] gives sampleShape [784], the
   * input of a dense first layer such as graphs/mnist-mlp.json. false keeps [28, 28].
   */
  readonly flatten?: boolean;
}

/**
 * Loads a pair of IDX files (the original MNIST / Fashion-MNIST format) as a Dataset.
 * Unsigned bytes are scaled by 1/255 into [0, 1], as the `mnist` package's digits; signed bytes,
 * shorts, ints, floats and doubles are taken as they are. classes = largest label + 1.
 * Each failure is a DataFileError naming the file and what is wrong with it.
 */
export function loadIdx(options: IdxOptions): Dataset {
  const images = readIdxFile(options.images, 'IDX images file');
  const labels = readIdxFile(options.labels, 'IDX labels file');
  const count = checkPair(images, labels, options);
  const inputs = readInputs(images, options.images);
  const { values, classes } = readLabels(labels, options.labels);
  const sampleDims = images.dims.length === 1 ? [1] : images.dims.slice(1);
  const sampleShape =
    options.flatten === false ? sampleDims : [sampleDims.reduce((n, d) => n * d, 1)];
  const name = options.name ?? basename(options.images).replace(/\.gz$/i, '');
  return { name, sampleShape, count, classes, inputs, labels: values };
}

function checkPair(images: IdxArray, labels: IdxArray, options: IdxOptions): number {
  const count = images.dims[0];
  if (count === 0)
    throw new DataFileError(
      { kind: 'IDX images file', file: options.images },
      'holds no samples: its first dim is 0',
    );
  if (labels.dims.length !== 1) {
    throw new DataFileError(
      { kind: 'IDX labels file', file: options.labels },
      `must have rank 1 (one class index per sample), got dims ${formatShape(labels.dims)}`,
    );
  }
  if (labels.dims[0] !== count) {
    throw new DataFileError(
      { kind: 'IDX images file', file: options.images },
      `holds ${count} images but labels file '${options.labels}' holds ${labels.dims[0]} labels; the two files must come from the same set`,
    );
  }
  return count;
}

function readInputs(images: IdxArray, file: string): Float32Array {
  const inputs = new Float32Array(images.size);
  images.decodeInto(inputs);
  if (images.typeCode === 0x08) {
    for (let i = 0; i < inputs.length; i++) inputs[i] /= 255;
    return inputs;
  }
  // Only floats and doubles can hold NaN or ±Infinity; doubles past ±3.4e38 overflow float32.
  if (images.typeCode === 0x0d || images.typeCode === 0x0e) checkFinite(inputs, images, file);
  return inputs;
}

function checkFinite(inputs: Float32Array, images: IdxArray, file: string): void {
  const sampleSize = images.size / images.dims[0];
  for (let i = 0; i < inputs.length; i++) {
    if (Number.isFinite(inputs[i])) continue;
    const what = Number.isNaN(inputs[i])
      ? 'NaN'
      : `${inputs[i]} (beyond float32 range or infinite)`;
    throw new DataFileError(
      { kind: 'IDX images file', file },
      `has ${what} in the data at sample ${Math.floor(i / sampleSize)}, value ${i % sampleSize} (both counted from 0); every input must be a finite number`,
    );
  }
}

function readLabels(labels: IdxArray, file: string): { values: Float32Array; classes: number } {
  const exact = new Float64Array(labels.size);
  labels.decodeInto(exact);
  let max = 0;
  for (let i = 0; i < exact.length; i++) {
    const label = exact[i];
    if (!(Number.isInteger(label) && label >= 0 && label < 2 ** 24)) {
      throw new DataFileError(
        { kind: 'IDX labels file', file },
        `has label ${label} at sample ${i} (counted from 0), which is not a valid class; labels must be integers from 0 to 2^24 − 1 (this file stores ${IDX_TYPES[labels.typeCode].name}s)`,
      );
    }
    if (label > max) max = label;
  }
  return { values: Float32Array.from(exact), classes: max + 1 };
}
