import { nonlinearityNames } from '../init/gain.ts';
import type { FanMode, InitOptions, Nonlinearity } from '../init/initializers.ts';
import type { ParamRules, ParamValues } from './node.ts';

/** The spec parameters that tune a node's weight initializer, named as a node declares them. */
export interface InitParams {
  /** Fan He/Kaiming and LeCun divide by: 'fanIn' (default) or 'fanOut'. */
  initMode?: FanMode;
  /** Nonlinearity whose gain scales the weights; 'default' (default) lets the initializer choose. */
  initNonlinearity?: Nonlinearity | 'default';
  /** Negative slope for the 'leakyRelu' gain (default 0.01). */
  initSlope?: number;
  /** Explicit gain; 0 (default) means "from initNonlinearity". */
  initGain?: number;
  /** Value for 'constant' (default 0). */
  initValue?: number;
  /** Bounds for 'uniform' (defaults 0 and 1). */
  initLow?: number;
  initHigh?: number;
  /** Mean and standard deviation for 'normal' (defaults 0 and 1). */
  initMean?: number;
  initStd?: number;
}

/** Validation rules for `InitParams`, spread into a node's own rules. */
export const initParamRules: ParamRules = {
  initMode: { type: 'string', default: 'fanIn', choices: ['fanIn', 'fanOut'] },
  initNonlinearity: {
    type: 'string',
    default: 'default',
    choices: ['default', ...nonlinearityNames],
  },
  initSlope: { type: 'number', default: 0.01, min: 0 },
  initGain: { type: 'number', default: 0, min: 0 },
  initValue: { type: 'number', default: 0 },
  initLow: { type: 'number', default: 0 },
  initHigh: { type: 'number', default: 1 },
  initMean: { type: 'number', default: 0 },
  initStd: { type: 'number', default: 1, min: 0 },
};

/** Turns a node's resolved `init*` parameters into the options an initializer reads. */
export function initOptionsFrom(params: ParamValues): InitOptions {
  const nonlinearity = params.initNonlinearity as Nonlinearity | 'default' | undefined;
  const gain = params.initGain as number | undefined;
  return {
    mode: params.initMode as FanMode | undefined,
    nonlinearity: nonlinearity === 'default' ? undefined : nonlinearity,
    slope: params.initSlope as number | undefined,
    gain: gain === undefined || gain === 0 ? undefined : gain,
    value: params.initValue as number | undefined,
    low: params.initLow as number | undefined,
    high: params.initHigh as number | undefined,
    mean: params.initMean as number | undefined,
    std: params.initStd as number | undefined,
  };
}
