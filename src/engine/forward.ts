import { Subject, map, zip } from 'rxjs';
import { INPUT_ID } from '../graph/spec.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { ActivationFrame } from './frames.ts';
import type { NetworkNode } from './network.ts';
import { forwardOperator } from './node-operators.ts';

/** The subjects a network feeds per node: outputs for the graph's wiring, taps for subscribers. */
export interface ForwardWiring {
  readonly outputs: Map<string, Subject<ActivationFrame>>;
  readonly activationTaps: Map<string, Subject<ActivationFrame>>;
  /** Each node's inputs in the last forward pass, which its backward needs. */
  readonly lastInputs: Map<string, readonly Tensor[]>;
}

/** Wires the forward pass: one subject per node output; each node joins its inputs' frames by step. */
export function wireForward(
  nodes: readonly NetworkNode[],
  recordFailure: (error: unknown) => void,
): ForwardWiring {
  // NOTE: taps are separate subjects fed before the graph's own wiring, so a subscriber sees a
  // node's output before the nodes after it run, and gradients before the optimizer uses them.
  const outputs = new Map<string, Subject<ActivationFrame>>([
    [INPUT_ID, new Subject<ActivationFrame>()],
  ]);
  const activationTaps = new Map<string, Subject<ActivationFrame>>([
    [INPUT_ID, new Subject<ActivationFrame>()],
  ]);
  const lastInputs = new Map<string, readonly Tensor[]>();
  for (const node of nodes) {
    const out = new Subject<ActivationFrame>();
    const tap = new Subject<ActivationFrame>();
    outputs.set(node.id, out);
    activationTaps.set(node.id, tap);
    const sources = node.inputs.map((i) => outputs.get(i) as Subject<ActivationFrame>);
    const joined$ = sources.length === 1 ? sources[0].pipe(map((f) => [f])) : zip(sources);
    joined$
      .pipe(
        map((frames) => {
          lastInputs.set(
            node.id,
            frames.map((f) => f.tensor),
          );
          return frames;
        }),
        forwardOperator(node.id, node.kernel),
      )
      .subscribe({
        next: (frame) => {
          tap.next(frame);
          out.next(frame);
        },
        error: (error) => {
          recordFailure(error);
          // NOTE: taps complete rather than error: the error reaches whoever called trainStep
          // or predict, and a tap subscriber without an error handler must not crash the process.
          tap.complete();
          out.error(error);
        },
      });
  }
  return { outputs, activationTaps, lastInputs };
}
