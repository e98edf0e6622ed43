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
  // NOTE: an embedding's N(0, 1) table is the usual choice, not a missing fan scaling.
  const unscaled = [
    ...new Set(
      graph.nodes.flatMap((n) => {
        const init = n.params.init;
        const isUnscaled = typeof init === 'string' && !SCALED_INIT.test(init);
        return isUnscaled && n.op !== 'embedding' ? [init] : [];
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
          clipCure(graph),
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
  if (cures.length > 0) return `use ${orList(cures)}`;
  // Every usual cure is in place already: say so, and point at what is left to look at.
  return alert.kind === 'vanishing-gradients'
    ? 'this graph already has ReLU-family activations, scaled initialization, normalization and skip connections; look at the learning rate, and at biases or inputs that push this layer out of its active range'
    : alert.mitigation;
}

function clipCure(graph: ValidGraph): string {
  const clip = graph.optimizer.clip;
  if (clip === undefined) return 'gradient clipping by global norm';
  return clip.op === 'norm'
    ? 'a smaller clipping norm'
    : 'a smaller clip value (or clipping by global norm)';
}

function quoteList(items: readonly string[]): string {
  return items.map((i) => `'${i}'`).join(', ');
}

function orList(items: readonly string[]): string {
  if (items.length === 1) return items[0];
  return `${items.slice(0, -1).join(', ')}, or ${items.at(-1)}`;
}
