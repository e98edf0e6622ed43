import { nodeFunction, type NodeSpec } from '../node.ts';

/** Any activation by op name, for graphs composed in code: `activation('gelu', { approximate: 'tanh' })`. */
export function activation(op: string, params: Record<string, unknown> = {}): NodeSpec {
  return nodeFunction<Record<string, unknown>>(op)(params);
}

/** `sigmoid()`: σ(x) = 1 / (1 + e^(−x)). */
export const sigmoid = nodeFunction<object>('sigmoid');
/** `tanh()`: hyperbolic tangent. */
export const tanh = nodeFunction<object>('tanh');
/** `relu()`: max(0, x). */
export const relu = nodeFunction<object>('relu');
/** `leakyRelu({ alpha: 0.01 })`: x for x > 0, αx otherwise. */
export const leakyRelu = nodeFunction<{ alpha?: number }>('leakyRelu');
/** `elu({ alpha: 1 })`: x for x > 0, α(eˣ − 1) otherwise. */
export const elu = nodeFunction<{ alpha?: number }>('elu');
/** `selu()`: λx for x > 0, λα(eˣ − 1) otherwise (λ ≈ 1.0507, α ≈ 1.6733). */
export const selu = nodeFunction<object>('selu');
/** `gelu({ approximate: 'none' })`: x·Φ(x), or its tanh approximation with `approximate: 'tanh'`. */
export const gelu = nodeFunction<{ approximate?: 'none' | 'tanh' }>('gelu');
/** `silu()` (Swish): x·σ(x). */
export const silu = nodeFunction<object>('silu');
/** `softplus({ beta: 1, threshold: 20 })`: ln(1 + e^(βx))/β, linear once βx > threshold. */
export const softplus = nodeFunction<{ beta?: number; threshold?: number }>('softplus');
/** `softsign()`: x / (1 + |x|). */
export const softsign = nodeFunction<object>('softsign');
/** `hardTanh({ minVal: -1, maxVal: 1 })`: x clamped to [minVal, maxVal]. */
export const hardTanh = nodeFunction<{ minVal?: number; maxVal?: number }>('hardTanh');
/** `softmax()`: e^(x_i) / Σ_j e^(x_j) over the last axis. */
export const softmax = nodeFunction<object>('softmax');
/** `logSoftmax()`: x_i − ln Σ_j e^(x_j) over the last axis. */
export const logSoftmax = nodeFunction<object>('logSoftmax');
