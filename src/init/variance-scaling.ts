import { fillNormal, fillSymmetricUniform } from './distributions.ts';
import { resolveGain } from './gain.ts';
import type { Fans, FanMode, Initializer } from './initializer.ts';

/** The fan a mode names. */
export function fanFor(fans: Fans, mode: FanMode = 'fanIn'): number {
  return mode === 'fanOut' ? fans.fanOut : fans.fanIn;
}

/**
 * Xavier/Glorot uniform (Glorot & Bengio, 2010): U(−a, a), a = gain·√(6 / (fanIn + fanOut)),
 * gain default 1 (linear).
 */
export const glorotUniform: Initializer = (values, { fanIn, fanOut }, random, options = {}) =>
  fillSymmetricUniform(
    values,
    resolveGain(options, 'linear') * Math.sqrt(6 / (fanIn + fanOut)),
    random,
  );

/** Xavier/Glorot normal: N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)), gain default 1. */
export const glorotNormal: Initializer = (values, { fanIn, fanOut }, random, options = {}) =>
  fillNormal(values, 0, resolveGain(options, 'linear') * Math.sqrt(2 / (fanIn + fanOut)), random);

/**
 * He/Kaiming uniform (He et al., 2015): U(−a, a), a = gain·√(3 / fan), fan = fanIn (or fanOut
 * with mode 'fanOut'), gain default √2 (relu): a = √(6 / fanIn).
 */
export const heUniform: Initializer = (values, fans, random, options = {}) =>
  fillSymmetricUniform(
    values,
    resolveGain(options, 'relu') * Math.sqrt(3 / fanFor(fans, options.mode)),
    random,
  );

/** He/Kaiming normal: N(0, σ²), σ = gain / √fan, gain default √2 (relu): σ = √(2 / fanIn). */
export const heNormal: Initializer = (values, fans, random, options = {}) =>
  fillNormal(
    values,
    0,
    resolveGain(options, 'relu') / Math.sqrt(fanFor(fans, options.mode)),
    random,
  );

/**
 * LeCun normal (LeCun et al., 1998), the initializer self-normalizing SELU networks need
 * (Klambauer et al., 2017): N(0, σ²), σ = gain / √fanIn, gain default 1.
 * NOTE: the default gain is 1, not calculate_gain('selu') = 3/4, as PyTorch's docs advise for SELU.
 */
export const lecunNormal: Initializer = (values, fans, random, options = {}) =>
  fillNormal(
    values,
    0,
    resolveGain(options, 'linear') / Math.sqrt(fanFor(fans, options.mode)),
    random,
  );
