import type { InitOptions, Nonlinearity } from './initializer.ts';

/** Nonlinearity names accepted by `calculateGain`, for validation and docs. */
export const nonlinearityNames: readonly Nonlinearity[] = [
  'linear',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'selu',
];

/**
 * The recommended gain for a nonlinearity, as PyTorch's `torch.nn.init.calculate_gain`:
 * linear and sigmoid 1, tanh 5/3, relu √2, leakyRelu √(2 / (1 + slope²)), selu 3/4.
 */
export function calculateGain(nonlinearity: Nonlinearity, slope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      return Math.sqrt(2 / (1 + slope * slope));
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(
        `[gradstream] calculateGain: unknown nonlinearity '${String(nonlinearity)}', expected one of ${nonlinearityNames.join(', ')}`,
      );
  }
}

/** The gain an initializer uses: the explicit `gain`, else that of `nonlinearity`, else that of `fallback`. */
export function resolveGain(options: InitOptions, fallback: Nonlinearity): number {
  if (options.gain !== undefined) return options.gain;
  return calculateGain(options.nonlinearity ?? fallback, options.slope);
}
