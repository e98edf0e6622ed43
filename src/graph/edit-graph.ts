import { produce, type Draft } from 'immer';
import type { GraphSpec } from './spec.ts';

/**
 * Forks a graph spec into a variant: the recipe edits a draft, the original stays untouched and
 * the parts not edited are shared (immer). Swap an activation, change an initializer, and train
 * both to compare:
 * `editGraph(spec, (g) => { g.nodes[1].op = 'tanh'; })`.
 */
export function editGraph(spec: GraphSpec, recipe: (draft: Draft<GraphSpec>) => void): GraphSpec {
  return produce(spec, recipe);
}
