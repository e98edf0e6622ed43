import { Subject, map, zip, type Observable } from 'rxjs';
import { addInto } from '../tensor/ops.ts';
import { reuse, type Tensor } from '../tensor/tensor.ts';
import { INPUT_ID } from '../graph/spec.ts';
import type { GradientFrame } from './frames.ts';
import { backwardOperator } from './node-operators.ts';
import type { NetworkNode } from './network.ts';

/**
 * Wires the backward pass in reverse topological order. Each node's output gradient is the sum
 * of what its consumers send back (joined by step), passed through its backward operator,
 * whose outputs become contributions to its inputs' gradients.
 * Only nodes on a path to the output take part, and only where something upstream learns.
 * Returns the subject of ∂loss/∂output per participating node, for taps.
 */
export function wireBackward(
  nodes: readonly NetworkNode[],
  outputId: string,
  outputGradient$: Observable<GradientFrame>,
  inputsOf: (id: string) => readonly Tensor[],
  recordFailure: (error: unknown) => void,
): Map<string, Subject<GradientFrame>> {
  const isLive = liveNodes(nodes, outputId);
  const requiresGrad = gradientNeeds(nodes);

  const { edges, contributionsTo } = gradientEdges(nodes, isLive, requiresGrad);

  const taps = new Map<string, Subject<GradientFrame>>();
  for (const node of [...nodes].reverse()) {
    if (!isLive.has(node.id) || !requiresGrad.has(node.id)) continue;
    const gradient$ = new Subject<GradientFrame>();
    const tap = new Subject<GradientFrame>();
    taps.set(node.id, tap);
    const sources = node.id === outputId ? [outputGradient$] : (contributionsTo.get(node.id) ?? []);
    // The tap hears the gradient before the node's own backward turns it into its inputs'.
    sumByStep(sources).subscribe({
      next: (frame) => {
        tap.next(frame);
        gradient$.next(frame);
      },
      error: (error) => {
        recordFailure(error);
        tap.complete(); // as for activation taps: the caller of trainStep gets the error
        gradient$.error(error);
      },
    });

    const needsInputGrad = node.inputs.map((i) => requiresGrad.has(i));
    gradient$
      .pipe(backwardOperator(node.id, node.kernel, needsInputGrad, () => inputsOf(node.id)))
      .subscribe({
        next: (dxs) => dxs.forEach((dx, slot) => dx && edges.get(edgeKey(node.id, slot))?.next(dx)),
        error: recordFailure,
      });
  }
  return taps;
}

/** The key of the edge from a consumer's input slot back to the node feeding it. */
const edgeKey = (consumer: string, slot: number): string => `${consumer}#${slot}`;

/**
 * One subject per (consumer, input slot) edge carrying the consumer's dx back, by edge key, and
 * the edges arriving at each source node, whose sum is that node's output gradient.
 */
function gradientEdges(
  nodes: readonly NetworkNode[],
  isLive: ReadonlySet<string>,
  requiresGrad: ReadonlySet<string>,
): {
  edges: Map<string, Subject<GradientFrame>>;
  contributionsTo: Map<string, Subject<GradientFrame>[]>;
} {
  const edges = new Map<string, Subject<GradientFrame>>();
  const contributionsTo = new Map<string, Subject<GradientFrame>[]>();
  for (const node of nodes) {
    if (!isLive.has(node.id) || !requiresGrad.has(node.id)) continue;
    node.inputs.forEach((source, slot) => {
      if (!requiresGrad.has(source)) return;
      const edge = new Subject<GradientFrame>();
      edges.set(edgeKey(node.id, slot), edge);
      contributionsTo.set(source, [...(contributionsTo.get(source) ?? []), edge]);
    });
  }
  return { edges, contributionsTo };
}

/** Joins gradient frames by step and adds them; a single source passes through untouched. */
function sumByStep(sources: readonly Observable<GradientFrame>[]): Observable<GradientFrame> {
  if (sources.length === 1) return sources[0];
  // Kept across steps: the sum buffer, reused while the batch size repeats.
  let total: Tensor | undefined;
  return zip([...sources]).pipe(
    map((frames) => {
      total = reuse(total, frames[0].tensor.shape);
      total.data.set(frames[0].tensor.data);
      for (let i = 1; i < frames.length; i++) addInto(total.data, frames[i].tensor.data);
      return { step: frames[0].step, tensor: total };
    }),
  );
}

/** Nodes from which the output can be reached (the output included). */
function liveNodes(nodes: readonly NetworkNode[], outputId: string): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const live = new Set<string>();
  const stack = [outputId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (live.has(id) || id === INPUT_ID) continue;
    live.add(id);
    stack.push(...(byId.get(id)?.inputs ?? []));
  }
  return live;
}

/** Nodes whose output gradient is worth computing: they, or something before them, have parameters. */
function gradientNeeds(nodes: readonly NetworkNode[]): Set<string> {
  const needs = new Set<string>();
  for (const node of nodes) {
    if (node.params.length > 0 || node.inputs.some((i) => needs.has(i))) needs.add(node.id);
  }
  return needs;
}
