import type { Random } from '../tensor/random.ts';

/** Fan-in and fan-out of a weight, as PyTorch computes them (receptive field sizes multiply in). */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Fills `values` in place, drawing from `random`. */
export type Initializer = (values: Float32Array, fans: Fans, random: Random) => void;

const fillUniform = (values: Float32Array, bound: number, random: Random): void => {
  for (let i = 0; i < values.length; i++) values[i] = (2 * random.uniform() - 1) * bound;
};

const fillNormal = (values: Float32Array, std: number, random: Random): void => {
  for (let i = 0; i < values.length; i++) values[i] = random.normal() * std;
};

/** All zeros. */
export const zerosInit: Initializer = (values) => values.fill(0);

/** Xavier/Glorot uniform (Glorot & Bengio, 2010): U(−a, a), a = √(6 / (fanIn + fanOut)). */
export const glorotUniform: Initializer = (values, { fanIn, fanOut }, random) =>
  fillUniform(values, Math.sqrt(6 / (fanIn + fanOut)), random);

/** Xavier/Glorot normal: N(0, σ²), σ = √(2 / (fanIn + fanOut)). */
export const glorotNormal: Initializer = (values, { fanIn, fanOut }, random) =>
  fillNormal(values, Math.sqrt(2 / (fanIn + fanOut)), random);

/** He/Kaiming uniform for ReLU (He et al., 2015): U(−a, a), a = √(6 / fanIn). */
export const heUniform: Initializer = (values, { fanIn }, random) =>
  fillUniform(values, Math.sqrt(6 / fanIn), random);

/** He/Kaiming normal for ReLU: N(0, σ²), σ = √(2 / fanIn). */
export const heNormal: Initializer = (values, { fanIn }, random) =>
  fillNormal(values, Math.sqrt(2 / fanIn), random);

/** Initializers by the name a spec uses in a node's `init` parameter. */
export const initializers: Readonly<Record<string, Initializer>> = {
  zeros: zerosInit,
  'glorot-uniform': glorotUniform,
  'glorot-normal': glorotNormal,
  'xavier-uniform': glorotUniform,
  'xavier-normal': glorotNormal,
  'he-uniform': heUniform,
  'he-normal': heNormal,
  'kaiming-uniform': heUniform,
  'kaiming-normal': heNormal,
};

/** Names accepted by `init`, for validation and docs. */
export const initializerNames: readonly string[] = Object.keys(initializers);
