/**
 * Child process: TensorFlow.js training the same network the idiomatic low-level way:
 * variables, ops, `optimizer.minimize` with `tf.losses.softmaxCrossEntropy` on logits.
 * Usage: node tfjs-trainer.mjs <cpu|wasm> <wasm-dir>. Batches become tensors before timing.
 */
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BATCH_SIZE, benchBatches } from './bench-data.ts';
import { serveTrainer } from './trainer-protocol.ts';

const [backend, wasmDir] = process.argv.slice(2);
if (backend === 'wasm') setWasmPaths(pathToFileURL(wasmDir).href + '/');
await tf.setBackend(backend);
await tf.ready();

/** A dense layer's variables: W [in, out] (TF.js layout), b [out] at zero. */
function denseVariables(
  inputs: number,
  units: number,
  init: 'heNormal' | 'glorotUniform',
  seed: number,
): tf.Variable[] {
  const initializer =
    init === 'heNormal'
      ? tf.initializers.heNormal({ seed })
      : tf.initializers.glorotUniform({ seed });
  return [
    tf.variable(initializer.apply([inputs, units]) as tf.Tensor2D),
    tf.variable(tf.zeros([units])),
  ];
}

const [w1, b1] = denseVariables(784, 256, 'heNormal', 1);
const [w2, b2] = denseVariables(256, 128, 'heNormal', 2);
const [w3, b3] = denseVariables(128, 10, 'glorotUniform', 3);
const optimizer = tf.train.adam(1e-3);

const batches = benchBatches().map((b) => ({
  x: tf.tensor2d(b.inputs, [BATCH_SIZE, 784]),
  y: tf.oneHot(tf.tensor1d(b.labels, 'int32'), 10),
}));

function lossOf(x: tf.Tensor, y: tf.Tensor): tf.Scalar {
  const h1 = tf.relu(tf.add(tf.matMul(x, w1), b1));
  const h2 = tf.relu(tf.add(tf.matMul(h1, w2), b2));
  const logits = tf.add(tf.matMul(h2, w3), b3);
  return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
}

let last: tf.Scalar | null = null;
serveTrainer({
  batchCount: batches.length,
  step(index) {
    const { x, y } = batches[index];
    last?.dispose();
    last = optimizer.minimize(() => lossOf(x, y), true);
  },
  lastLoss: () => (last === null ? NaN : last.dataSync()[0]),
});
