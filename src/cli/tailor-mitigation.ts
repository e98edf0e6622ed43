import type { ValidGraph } from '../graph/validate.ts';
import type { Alert } from '../monitor/alert.ts';

/** Initializers that scale weights to the layer's fan (Glorot/Xavier, He, LeCun, orthogonal). */
const SCALED_INIT = /^(he|glorot|xavier|lecun)-|^orthogonal$/;
const SATURATING = new Set(['sigmoid', 'tanh', 'hardTanh', 'softsign']);
const NORMALIZATION = new Set(['batchNorm', 'layerNorm']);

/**
 * The alert's mitigation rewritten for the graph that raised it: cures the graph already has
 * (ReLU-family activations, scaled initialization, normalization, skip connections, clipping)
 * are left out, so the advice names what is left to try. The monitors themselves know no graph
 * and give the general advice; kinds this function does not know keep it.
 */
export function tailorMitigation(alert: Alert, graph: ValidGraph): string {
  const has = (ops: ReadonlySet<string>): boolean => graph.nodes.some((n) => ops.has(n.op));
  const unscaled = [
    ...new Set(
      graph.nodes.flatMap((n) => {
        const init = n.params.init;
        return typeof init === 'string' && !SCALED_INIT.test(init) ? [init] : [];
      }),
    ),
  ];
  const initCure =
    unscaled.length > 0
      ? `He (ReLU) or Xavier (tanh/sigmoid) initialization instead of ${quoteList(unscaled)}`
      : undefined;
  const normCure = has(NORMALIZATION) ? undefined : 'batch normalization';
  const cures = ((): (string | undefined)[] => {
    switch (alert.kind) {
      case 'vanishing-gradients':
        return [
          has(SATURATING) ? 'ReLU-family activations instead of sigmoid/tanh' : undefined,
          initCure,
          normCure,
          has(new Set(['add'])) ? undefined : 'skip connections',
        ];
      case 'exploding-gradients':
        return [
          graph.optimizer.clip ? 'a smaller clipping norm' : 'gradient clipping by global norm',
          'a smaller learning rate',
          initCure,
          has(NORMALIZATION) ? undefined : 'batch or layer normalization',
        ];
      case 'saturation':
        return [
          'ReLU-family activations',
          initCure,
          normCure,
          'inputs normalized to mean 0 and variance 1',
        ];
      case 'dying-relu':
        return [
          'a smaller learning rate',
          graph.nodes.some((n) => n.id === alert.layer && n.op === 'relu')
            ? 'leaky ReLU or ELU'
            : undefined,
          initCure,
          'biases started slightly positive',
        ];
      default:
        return [];
    }
  })().filter((c): c is string => c !== undefined);
  return cures.length > 0 ? `use ${orList(cures)}` : alert.mitigation;
}

function quoteList(items: readonly string[]): string {
  return items.map((i) => `'${i}'`).join(', ');
}

function orList(items: readonly string[]): string {
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')}, or ${items.at(-1)}`;
}
