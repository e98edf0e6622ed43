import type { Random } from '../tensor/random.ts';

/** Fan-in and fan-out of a weight, as PyTorch computes them (receptive field sizes multiply in). */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Which fan a variance-scaling initializer divides by: fan-in keeps the forward variance, fan-out the backward. */
export type FanMode = 'fanIn' | 'fanOut';

/** The nonlinearity that follows a weight, whose gain scales the initial spread (PyTorch's calculate_gain). */
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Choices an initializer may read; each initializer documents the ones it uses and its defaults. */
export interface InitOptions {
  /** Fan used by He/Kaiming and LeCun (default 'fanIn'). */
  readonly mode?: FanMode;
  /** Nonlinearity whose gain scales the spread (default: linear, or relu for He/Kaiming). */
  readonly nonlinearity?: Nonlinearity;
  /** Negative slope for the 'leakyRelu' gain (default 0.01, as PyTorch's calculate_gain). */
  readonly slope?: number;
  /** Explicit gain; overrides `nonlinearity`. */
  readonly gain?: number;
  /** Value of 'constant' (default 0). */
  readonly value?: number;
  /** Bounds of 'uniform' (defaults 0 and 1, as PyTorch's uniform_). */
  readonly low?: number;
  readonly high?: number;
  /** Mean and standard deviation of 'normal' (defaults 0 and 1, as PyTorch's normal_). */
  readonly mean?: number;
  readonly std?: number;
}

/**
 * Fills `values` (a weight laid out row-major as [fanOut, fanIn] for a dense layer) in place,
 * drawing only from `random`, so the same seed gives the same weights.
 */
export type Initializer = (
  values: Float32Array,
  fans: Fans,
  random: Random,
  options?: InitOptions,
) => void;
