import { GraphSpecError } from './errors.ts';
import { INPUT_ID } from './spec.ts';

/**
 * Orders nodes so that every node comes after its inputs (Kahn's algorithm, stable: ties keep
 * the spec's order). A cycle is an error that names the nodes on it.
 */
export function topologicalOrder<N extends { id: string; inputs: readonly string[] }>(
  nodes: readonly N[],
): N[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed = new Set<string>([INPUT_ID]);
  const ordered: N[] = [];
  let remaining = [...nodes];
  while (remaining.length > 0) {
    const ready = remaining.filter((n) => n.inputs.every((i) => placed.has(i)));
    if (ready.length === 0) {
      const cycle = findCycle(remaining, byId);
      throw new GraphSpecError(
        `the graph has a cycle: ${cycle.join(' → ')}; a node cannot depend on its own output`,
        cycle[0],
        'inputs',
      );
    }
    for (const n of ready) placed.add(n.id);
    ordered.push(...ready);
    remaining = remaining.filter((n) => !placed.has(n.id));
  }
  return ordered;
}

/** Walks input edges from a stuck node until a node repeats; returns the loop, closed. */
function findCycle<N extends { id: string; inputs: readonly string[] }>(
  stuck: readonly N[],
  byId: Map<string, N>,
): string[] {
  const stuckIds = new Set(stuck.map((n) => n.id));
  const path: string[] = [];
  let current = stuck[0];
  while (!path.includes(current.id)) {
    path.push(current.id);
    const next = current.inputs.find((i) => stuckIds.has(i));
    current = byId.get(next as string) as N;
  }
  const loop = path.slice(path.indexOf(current.id));
  // Input edges point backwards; reverse so the cycle reads in the direction data flows.
  return [...loop.reverse(), loop[0]];
}
