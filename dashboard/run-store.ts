import type {
  AlertMessage,
  DoneMessage,
  EpochMessage,
  HelloMessage,
  HistogramKind,
  HistogramMessage,
  LayersMessage,
  HealthMessage,
  PublishedMessage,
  StepMessage,
  WireNode,
} from '../src/server/protocol.ts';

/** One line's points; `y` may hold null where a value was missing or not finite. */
export interface Points {
  readonly x: number[];
  readonly y: (number | null)[];
}

/** What the page knows about one run. */
export interface RunState {
  readonly id: string;
  /** Order of arrival: picks the run's colour and dash. */
  readonly index: number;
  name: string;
  nodes: readonly WireNode[];
  epochs?: number;
  stepsPerEpoch?: number;
  lastStep: number;
  epoch: number;
  loss: Points;
  accuracy: Points;
  testAccuracy: Points;
  lastEpoch?: EpochMessage;
  done?: DoneMessage;
  /** Per node: L2 norm of all its parameters' gradients, √Σ‖g‖². */
  readonly gradientNorm: Map<string, Points>;
  readonly nonFinite: Map<string, number>;
  readonly zeroFraction: Map<string, Points>;
  readonly deadFraction: Map<string, Points>;
  readonly saturatedFraction: Map<string, Points>;
  readonly updateRatio: Map<string, Points>;
  readonly status: Map<string, 'ok' | 'warn' | 'bad'>;
  readonly histograms: Map<string, HistogramMessage[]>;
  readonly alerts: AlertMessage[];
}

const MAX_POINTS = 6000;
const MAX_HISTOGRAMS = 200;
const MAX_ALERTS = 300;

/** The page's model: every run's series, fed by protocol messages, bounded in length. */
export class RunStore {
  readonly runs = new Map<string, RunState>();
  private arrivals = 0;
  /** Bumped on every change, so views redraw only when something moved. */
  version = 0;

  reset(): void {
    this.runs.clear();
    this.arrivals = 0;
    this.version++;
  }

  apply(message: PublishedMessage): void {
    this.version++;
    if (message.type === 'hello') return this.hello(message);
    const run = this.runs.get(message.runId) ?? this.createRun(message.runId, message.runId);
    switch (message.type) {
      case 'step':
        return this.step(run, message);
      case 'layers':
        return this.layers(run, message);
      case 'health':
        return this.health(run, message);
      case 'histogram':
        return pushBounded(
          getOrCreate(run.histograms, histogramKey(message.nodeId, message.kind), () => []),
          message,
          MAX_HISTOGRAMS,
        );
      case 'alert':
        return pushBounded(run.alerts, message, MAX_ALERTS);
      case 'epoch':
        run.lastEpoch = message;
        return push(run.testAccuracy, message.step, message.testAccuracy);
      case 'done':
        run.done = message;
        return;
    }
  }

  /** Every node id seen in any run, in graph order of the first run that has it. */
  layerIds(): string[] {
    const ids = new Set<string>();
    for (const run of this.runs.values()) {
      for (const node of run.nodes) ids.add(node.id);
      for (const id of run.gradientNorm.keys()) ids.add(id);
      for (const id of run.deadFraction.keys()) ids.add(id);
      for (const id of run.zeroFraction.keys()) ids.add(id);
    }
    return [...ids];
  }

  histogramsOf(runId: string, nodeId: string, kind: HistogramKind): readonly HistogramMessage[] {
    return this.runs.get(runId)?.histograms.get(histogramKey(nodeId, kind)) ?? [];
  }

  private hello(m: HelloMessage): void {
    const previous = this.runs.get(m.runId);
    const run = this.createRun(m.runId, m.name, previous?.index);
    run.nodes = m.graph.nodes;
    run.epochs = m.epochs;
    run.stepsPerEpoch = m.stepsPerEpoch;
  }

  private createRun(id: string, name: string, index = this.arrivals++): RunState {
    const run: RunState = {
      id,
      index,
      name,
      nodes: [],
      lastStep: 0,
      epoch: 0,
      loss: points(),
      accuracy: points(),
      testAccuracy: points(),
      gradientNorm: new Map(),
      nonFinite: new Map(),
      zeroFraction: new Map(),
      deadFraction: new Map(),
      saturatedFraction: new Map(),
      updateRatio: new Map(),
      status: new Map(),
      histograms: new Map(),
      alerts: [],
    };
    this.runs.set(id, run);
    return run;
  }

  private step(run: RunState, m: StepMessage): void {
    run.lastStep = Math.max(run.lastStep, m.step);
    run.epoch = m.epoch;
    push(run.loss, m.step, m.loss);
    push(run.accuracy, m.step, m.accuracy);
  }

  private layers(run: RunState, m: LayersMessage): void {
    run.lastStep = Math.max(run.lastStep, m.step);
    const sums = new Map<string, number>();
    for (const p of m.params) {
      const norm = finite(p.norm);
      sums.set(p.nodeId, (sums.get(p.nodeId) ?? 0) + (norm === null ? NaN : norm * norm));
      run.nonFinite.set(p.nodeId, (p.nonFinite ?? 0) > 0 || norm === null ? 1 : 0);
    }
    for (const [nodeId, sum] of sums)
      push(getOrCreate(run.gradientNorm, nodeId, points), m.step, Math.sqrt(sum));
    for (const a of m.activations)
      push(getOrCreate(run.zeroFraction, a.nodeId, points), m.step, a.zeroFraction);
  }

  private health(run: RunState, m: HealthMessage): void {
    for (const h of m.layers) {
      if (h.deadFraction !== undefined)
        push(getOrCreate(run.deadFraction, h.nodeId, points), m.step, h.deadFraction);
      if (h.saturatedFraction !== undefined)
        push(getOrCreate(run.saturatedFraction, h.nodeId, points), m.step, h.saturatedFraction);
      if (h.updateRatio !== undefined)
        push(getOrCreate(run.updateRatio, h.nodeId, points), m.step, h.updateRatio);
      if (h.status !== undefined) run.status.set(h.nodeId, h.status);
    }
  }
}

/** The newest value of a series, or undefined when it has none. */
export function lastValue(p: Points | undefined): number | null | undefined {
  return p === undefined || p.y.length === 0 ? undefined : p.y[p.y.length - 1];
}

function histogramKey(nodeId: string, kind: HistogramKind): string {
  return `${nodeId}\u0000${kind}`;
}

function points(): Points {
  return { x: [], y: [] };
}

function finite(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function push(p: Points, x: number, y: number | null | undefined): void {
  // Steps only move forward; a repeated or older step replaces nothing and would break the x axis.
  if (p.x.length > 0 && x <= p.x[p.x.length - 1]) return;
  p.x.push(x);
  p.y.push(finite(y));
  if (p.x.length > MAX_POINTS) {
    p.x.splice(0, p.x.length - MAX_POINTS * 0.9);
    p.y.splice(0, p.y.length - p.x.length);
  }
}

function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
