/** What a detector found. */
export type AlertKind =
  | 'vanishing-gradients'
  | 'exploding-gradients'
  | 'dying-relu'
  | 'saturation'
  | 'non-finite'
  | 'update-ratio';

/**
 * A detector's finding: which layer, at which step, the numbers that triggered it, a sentence
 * for a person, and what usually cures that cause.
 */
export interface Alert {
  readonly kind: AlertKind;
  readonly layer: string;
  /** The step of the observation that completed the evidence. */
  readonly step: number;
  /** The measured values and the thresholds they crossed. */
  readonly evidence: Readonly<Record<string, number>>;
  readonly message: string;
  readonly mitigation: string;
}

/** The usual cures for each cause, as the seed lists them. */
export const MITIGATIONS: Readonly<Record<AlertKind | 'update-ratio-low', string>> = {
  'vanishing-gradients':
    'use ReLU-family activations instead of sigmoid/tanh, He (ReLU) or Xavier (tanh/sigmoid) initialization, batch normalization, or skip connections',
  'exploding-gradients':
    'clip gradients (by global norm), lower the learning rate, and use He or Xavier initialization instead of large initial weights',
  'dying-relu':
    'lower the learning rate, use leaky ReLU or ELU, use He initialization, or start biases slightly positive',
  saturation:
    'use ReLU-family activations, Xavier initialization, batch normalization, or normalize the inputs so pre-activations stay near 0',
  'non-finite':
    'lower the learning rate, clip gradients, and check the data and loss for log(0) or division by zero',
  'update-ratio':
    'lower the learning rate (updates near 1e-3 of the weights are the usual healthy size)',
  'update-ratio-low':
    'raise the learning rate, or look for vanishing gradients (updates near 1e-3 of the weights are the usual healthy size)',
};

/** Formats a number for alert messages: 3 significant digits, exponent when small or large. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e4 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}
