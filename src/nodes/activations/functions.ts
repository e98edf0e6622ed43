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
