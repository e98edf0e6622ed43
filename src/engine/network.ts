import { Subject, filter, map, zip, type Observable, type OperatorFunction } from 'rxjs';
import type { LossKernel } from '../nodes/losses/loss.ts';
import type { Mode, NodeKernel, Param } from '../nodes/node.ts';
import { ShapeError } from '../nodes/errors.ts';
import type { GradientBundle, UpdateBundle } from '../optim/gradients.ts';
import type { NonFiniteReport } from '../optim/non-finite.ts';
import { buildOptimization } from '../optim/optimization.ts';
import { GraphSpecError } from '../graph/errors.ts';
import { lossDefinitions, nodeDefinitions } from '../graph/registry.ts';
import { INPUT_ID } from '../graph/spec.ts';
import type { ValidGraph, ValidNode } from '../graph/validate.ts';
import { createRandom } from '../tensor/random.ts';
import { formatShape, sameShape, type Shape, type Tensor } from '../tensor/tensor.ts';
import { wireBackward } from './backward.ts';
import { wireForward } from './forward.ts';
import type { ActivationFrame, Batch, GradientFrame, StepResult } from './frames.ts';

/** A node of a built network. */
export interface NetworkNode {
  readonly id: string;
  readonly op: string;
  readonly inputs: readonly string[];
  /** Per-sample output shape (batch axis excluded). */
  readonly outputShape: Shape;
  readonly params: readonly Param[];
  readonly kernel: NodeKernel;
}

/** Choices a caller makes when building a network. */
export interface NetworkOptions {
  /** Seed of the run's generator: initial weights and dropout masks. Defaults to the spec's. */
  readonly seed?: number;
  /** Replaces the spec's optimizer and its schedule (an operator on the gradient stream); the spec's clipping still runs. */
  readonly optimizer?: OperatorFunction<GradientBundle, UpdateBundle>;
  /** Operators applied to the gradient stream before the spec's clipping and the optimizer. */
  readonly gradientOperators?: readonly OperatorFunction<GradientBundle, GradientBundle>[];
}

/**
 * A built, trainable network whose every activation and gradient is a stream.
 * Bad data (a wrong shape, a label or token id out of range, a NaN target) is refused before a
 * batch enters the graph, and the network goes on. An error inside a step (a batch of one
 * through batch norm) fails the network for good: that call and every later one throws it,
 * since the step's streams stopped half-way. Build a new network to go on.
 */
export interface Network {
  readonly name: string;
  readonly inputShape: Shape;
  /** Nodes in topological order. */
  readonly nodes: readonly NetworkNode[];
  readonly params: readonly Param[];
  readonly outputId: string;
  /** All parameter gradients, one emission per step, before clipping and the optimizer. */
  readonly gradients$: Observable<GradientBundle>;
  /** What the optimizer changed, one emission per step. */
  readonly updates$: Observable<UpdateBundle>;
  /** Steps whose gradients held NaN or ±Infinity, as the spec's clipping found and handled them. */
  readonly nonFinite$: Observable<NonFiniteReport>;
  /** Steps completed so far. */
  readonly stepCount: number;
  /**
   * A node's output, one frame per batch through the network: each training step
   * (`mode: 'train'`) and each `predict` call, evaluation passes included (`mode: 'eval'`, whose
   * `step` is the steps completed so far). Filter on `mode === 'train'` for training steps only.
   * Hot, free when nobody listens.
   */
  activations$(nodeId: string): Observable<ActivationFrame>;
  /** ∂loss/∂(node output) frames, for nodes the backward pass reaches. */
  outputGradients$(nodeId: string): Observable<GradientFrame>;
  /** One parameter's gradient, one emission per step. */
  paramGradients$(
    paramId: string,
  ): Observable<{ readonly step: number; readonly grad: Tensor; readonly value: Tensor }>;
  /** Runs one synchronous training step: forward, loss, backward, optimizer. */
  trainStep(batch: Batch): StepResult;
  /** Runs the network forward in evaluation mode; the result is borrowed. */
  predict(inputs: Tensor): Tensor;
}

/** Builds a validated graph into a network; shape problems surface here, naming both nodes. */
export function buildNetwork(graph: ValidGraph, options: NetworkOptions = {}): Network {
  const random = createRandom(options.seed ?? graph.training.seed);
  const shapes = new Map<string, Shape>([[INPUT_ID, graph.inputShape]]);
  const nodes = graph.nodes.map((spec) => buildNode(spec, shapes, random.fork()));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const params = nodes.flatMap((n) => n.params);
  const loss = buildLoss(graph, shapes);

  let failure: unknown;
  const recordFailure = (error: unknown): void => {
    failure ??= error;
  };

  const { outputs, activationTaps, lastInputs } = wireForward(nodes, recordFailure);

  // Loss: reads training frames of the output with the batch's targets and turns around.
  const targets$ = new Subject<Tensor>();
  const outputGradient$ = new Subject<GradientFrame>();
  let lastLoss = NaN;
  let lastOutput: Tensor | undefined;
  const output$ = outputs.get(graph.output) as Subject<ActivationFrame>;
  output$.subscribe({ next: (f) => (lastOutput = f.tensor), error: recordFailure });
  zip(output$.pipe(filter((f) => f.mode === 'train')), targets$)
    .pipe(
      map(([frame, targets]) => {
        lastLoss = loss.forward(frame.tensor, targets);
        return { step: frame.step, tensor: loss.backward() };
      }),
    )
    .subscribe({ next: (g) => outputGradient$.next(g), error: recordFailure });

  const gradientTaps = wireBackward(
    nodes,
    graph.output,
    outputGradient$,
    (id) => lastInputs.get(id) ?? [],
    recordFailure,
  );

  const { publicGradients$, gradients$, updates$, stepped$, nonFinite$ } = wireOptimization(
    graph,
    options,
    recordFailure,
  );

  let stepCount = 0;
  const throwIfFailed = (): void => {
    if (failure !== undefined) throw failure;
  };
  const input$ = outputs.get(INPUT_ID) as Subject<ActivationFrame>;
  // Nodes that read the input check its data first, so a bad batch leaves the network usable.
  const inputCheckers = nodes.filter((n) => n.inputs.includes(INPUT_ID) && n.kernel.checkInputs);
  // NOTE: every check runs before anything is pushed: a target queued for a batch that is then
  // refused would pair with the next batch's outputs.
  const admit = (inputs: Tensor): void => {
    throwIfFailed();
    checkBatch(inputs, graph.inputShape);
    for (const n of inputCheckers) n.kernel.checkInputs?.(n.inputs.map(() => inputs));
  };
  const feed = (inputs: Tensor, mode: Mode): Tensor => {
    const frame: ActivationFrame = { step: stepCount, mode, tensor: inputs };
    activationTaps.get(INPUT_ID)?.next(frame);
    input$.next(frame);
    throwIfFailed();
    return lastOutput as Tensor;
  };

  return {
    name: graph.name,
    inputShape: graph.inputShape,
    nodes,
    params,
    outputId: graph.output,
    gradients$: publicGradients$.asObservable(),
    updates$: updates$.asObservable(),
    nonFinite$: nonFinite$.asObservable(),
    get stepCount() {
      return stepCount;
    },
    activations$: (id) => subjectFor(activationTaps, id, 'activations$').asObservable(),
    outputGradients$: (id) => {
      if (byId.has(id) && !gradientTaps.has(id))
        throw new RangeError(
          `[gradstream] outputGradients$: node '${id}' gets no gradient, as nothing before it learns; tap a node nearer the loss`,
        );
      return subjectFor(gradientTaps, id, 'outputGradients$').asObservable();
    },
    paramGradients$(paramId) {
      const param = params.find((p) => p.id === paramId);
      if (param === undefined)
        throw new RangeError(
          `[gradstream] paramGradients$: no parameter '${paramId}'; known: ${params.map((p) => p.id).join(', ')}`,
        );
      return publicGradients$.pipe(
        map((b) => ({ step: b.step, grad: param.grad, value: param.value })),
      );
    },
    trainStep(batch) {
      admit(batch.inputs);
      checkTargets(batch);
      loss.checkTargets(batch.targets, batch.inputs.shape[0]);
      for (const p of params) p.grad.data.fill(0);
      stepCount += 1;
      targets$.next(batch.targets);
      const outputs = feed(batch.inputs, 'train');
      const bundle = { step: stepCount, params };
      publicGradients$.next(bundle);
      gradients$.next(bundle);
      throwIfFailed();
      const result = { step: stepCount, loss: lastLoss, outputs };
      stepped$.next(result);
      return result;
    },
    predict(inputs) {
      admit(inputs);
      return feed(inputs, 'eval');
    },
  };

  function subjectFor<T>(map: ReadonlyMap<string, T>, id: string, what: string): T {
    const found = map.get(id);
    if (found === undefined)
      throw new RangeError(
        `[gradstream] ${what}: no node '${id}'; known: ${[...byId.keys()].join(', ')}`,
      );
    return found;
  }
}

/** The subjects of the gradient stream, from each step's bundle to the optimizer's updates. */
interface OptimizationWiring {
  /** What subscribers outside see first: this step's raw gradients and the weights that made them. */
  readonly publicGradients$: Subject<GradientBundle>;
  readonly gradients$: Subject<GradientBundle>;
  readonly updates$: Subject<UpdateBundle>;
  /** Completed steps, which drive the spec's schedule (by step or by loss). */
  readonly stepped$: Subject<StepResult>;
  /** Where the spec's clipping reports non-finite gradients. */
  readonly nonFinite$: Subject<NonFiniteReport>;
}

/** Wires the gradient stream: the caller's operators, the spec's clipping, then the optimizer. */
function wireOptimization(
  graph: ValidGraph,
  options: NetworkOptions,
  recordFailure: (error: unknown) => void,
): OptimizationWiring {
  const publicGradients$ = new Subject<GradientBundle>();
  const gradients$ = new Subject<GradientBundle>();
  const updates$ = new Subject<UpdateBundle>();
  const stepped$ = new Subject<StepResult>();
  const nonFinite$ = new Subject<NonFiniteReport>();
  const fromSpec = buildOptimization(graph.optimizer, {
    steps$: stepped$,
    losses$: stepped$.pipe(map((r) => r.loss)),
    onNonFinite: (report) => nonFinite$.next(report),
  });
  const optimizerOperator = options.optimizer ?? fromSpec.optimizer;
  const gradientOperators = [...(options.gradientOperators ?? []), ...fromSpec.gradientOperators];
  const pipeline = gradientOperators.reduce<Observable<GradientBundle>>(
    (s, op) => s.pipe(op),
    gradients$,
  );
  pipeline
    .pipe(optimizerOperator)
    .subscribe({ next: (u) => updates$.next(u), error: recordFailure });
  return { publicGradients$, gradients$, updates$, stepped$, nonFinite$ };
}

function buildNode(
  spec: ValidNode,
  shapes: Map<string, Shape>,
  random: ReturnType<typeof createRandom>,
): NetworkNode {
  const definition = nodeDefinitions.get(spec.op);
  if (definition === undefined) throw new GraphSpecError(`unknown op '${spec.op}'`, spec.id, 'op');
  const other = spec.inputs.find((i) => i !== INPUT_ID);
  if (definition.readsGraphInput && other !== undefined)
    throw new GraphSpecError(
      `'${spec.op}' reads the graph's input (its values are ids, not differentiable), got '${other}'; set "inputs": ["${INPUT_ID}"]`,
      spec.id,
      'inputs',
    );
  const inputShapes = spec.inputs.map((i) => shapes.get(i) as Shape);
  const kernel = definition.create(spec.params, {
    id: spec.id,
    inputShapes,
    inputIds: spec.inputs,
    random,
  });
  shapes.set(spec.id, kernel.outputShape);
  return {
    id: spec.id,
    op: spec.op,
    inputs: spec.inputs,
    outputShape: kernel.outputShape,
    params: kernel.params,
    kernel,
  };
}

function buildLoss(graph: ValidGraph, shapes: Map<string, Shape>): LossKernel {
  const definition = lossDefinitions.get(graph.loss.op);
  if (definition === undefined)
    throw new GraphSpecError(`unknown loss '${graph.loss.op}'`, undefined, 'loss.op');
  return definition.create(graph.loss.params, {
    predictionShape: shapes.get(graph.output) as Shape,
    predictionId: graph.output,
  });
}

function checkBatch(inputs: Tensor, sampleShape: Shape): void {
  if (!sameShape(inputs.shape.slice(1), sampleShape) || inputs.shape.length < 1) {
    throw new ShapeError(
      `node 'input': expected a batch of shape [batch, ${sampleShape.join(', ')}], got ${formatShape(inputs.shape)}`,
    );
  }
}

function checkTargets(batch: Batch): void {
  if (batch.targets.shape[0] !== batch.inputs.shape[0]) {
    throw new ShapeError(
      `loss: got ${batch.inputs.shape[0]} inputs but ${batch.targets.shape[0]} targets in one batch`,
    );
  }
}
