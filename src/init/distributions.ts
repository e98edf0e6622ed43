import type { Random } from '../tensor/random.ts';
import type { Initializer } from './initializer.ts';

/** Fills with U(−bound, bound). The draw order (one uniform per element) is part of the seed contract. */
export function fillSymmetricUniform(values: Float32Array, bound: number, random: Random): void {
  for (let i = 0; i < values.length; i++) values[i] = (2 * random.uniform() - 1) * bound;
}

/** Fills with N(mean, std²). */
export function fillNormal(values: Float32Array, mean: number, std: number, random: Random): void {
  for (let i = 0; i < values.length; i++) values[i] = mean + random.normal() * std;
}

/** All zeros. */
export const zerosInit: Initializer = (values) => values.fill(0);

/** Every element set to `value` (default 0). */
export const constantInit: Initializer = (values, _fans, _random, options = {}) =>
  values.fill(options.value ?? 0);

/** U(low, high), defaults U(0, 1) as PyTorch's `uniform_`. */
export const uniformInit: Initializer = (values, _fans, random, options = {}) => {
  const low = options.low ?? 0;
  const width = (options.high ?? 1) - low;
  for (let i = 0; i < values.length; i++) values[i] = low + width * random.uniform();
};

/** N(mean, std²), defaults N(0, 1) as PyTorch's `normal_`. */
export const normalInit: Initializer = (values, _fans, random, options = {}) =>
  fillNormal(values, options.mean ?? 0, options.std ?? 1, random);
