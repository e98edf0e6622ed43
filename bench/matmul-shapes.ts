/**
 * Times the matrix multiplies of one mnist-mlp training step, each at its real shape, and
 * prints GFLOP/s per call (median of 5 rounds). Run it bundled, as `npm run bench -- --kernels`
 * does; under tsx the figures come out lower (see bundle.ts).
 */
import { matmul, matmulTransA, matmulTransB } from '../src/tensor/matmul.ts';
import { createRandom } from '../src/tensor/random.ts';

type Form = typeof matmul;

/** One call of a training step: which form, C[m, n], shared axis k, and whether it accumulates. */
interface Call {
  readonly name: string;
  readonly form: Form;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly accumulate: boolean;
}

/** The eight multiplies of one step of 784-256-128-10 at batch 64 (layer 1 needs no dx). */
const STEP_CALLS: readonly Call[] = [
  { name: 'fwd 1  x·W1ᵀ', form: matmulTransB, m: 64, k: 784, n: 256, accumulate: false },
  { name: 'fwd 2  h·W2ᵀ', form: matmulTransB, m: 64, k: 256, n: 128, accumulate: false },
  { name: 'fwd 3  h·W3ᵀ', form: matmulTransB, m: 64, k: 128, n: 10, accumulate: false },
  { name: 'dW 3   dyᵀ·h', form: matmulTransA, m: 10, k: 64, n: 128, accumulate: true },
  { name: 'dx 3   dy·W3', form: matmul, m: 64, k: 10, n: 128, accumulate: false },
  { name: 'dW 2   dyᵀ·h', form: matmulTransA, m: 128, k: 64, n: 256, accumulate: true },
  { name: 'dx 2   dy·W2', form: matmul, m: 64, k: 128, n: 256, accumulate: false },
  { name: 'dW 1   dyᵀ·x', form: matmulTransA, m: 256, k: 64, n: 784, accumulate: true },
];

function filled(size: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: size }, () => random.normal());
}

/** Median milliseconds per call over `rounds` rounds of `reps` calls. */
function time(call: Call, reps: number, rounds: number): number {
  const a = filled(call.m * call.k, 1);
  const b = filled(call.k * call.n, 2);
  const c = new Float32Array(call.m * call.n);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < reps; i++) call.form(a, b, c, call.m, call.k, call.n, call.accumulate);
    times.push((performance.now() - start) / reps);
  }
  return times.sort((x, y) => x - y)[Math.floor(rounds / 2)];
}

let total = 0;
for (const call of STEP_CALLS) time(call, 20, 1);
for (const call of STEP_CALLS) {
  const ms = time(call, 20, 5);
  total += ms;
  const gflops = (2 * call.m * call.k * call.n) / (ms * 1e6);
  console.log(
    `${call.name.padEnd(14)} ${`${call.m}×${call.k}×${call.n}`.padEnd(12)} ${ms.toFixed(3).padStart(7)} ms  ${gflops.toFixed(2).padStart(5)} GFLOP/s`,
  );
}
console.log(`all multiplies of one step: ${total.toFixed(2)} ms`);
