/**
 * The dashboard's wire protocol: JSON messages over one WebSocket at `/ws`.
 * Both the server (src/server) and the page (dashboard/) import these types, so the two cannot
 * drift apart. Every message carries `v`, the protocol version; a client that sees another
 * version should say so rather than guess.
 */

/** Bumped whenever a message changes incompatibly. */
export const PROTOCOL_VERSION = 1;

/** A node of the run's graph, as the page draws it. */
export interface WireNode {
  readonly id: string;
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputShape: readonly number[];
  readonly params: readonly { readonly id: string; readonly shape: readonly number[] }[];
}

/** Sent first to every client (and by a publisher when its run starts): who is running what. */
export interface HelloMessage {
  readonly v: number;
  readonly type: 'hello';
  readonly runId: string;
  readonly name: string;
  readonly graph: { readonly nodes: readonly WireNode[] };
  /** Planned epochs and steps per epoch, when known. */
  readonly epochs?: number;
  readonly stepsPerEpoch?: number;
}

/** One training step's loss and batch accuracy. */
export interface StepMessage {
  readonly v: number;
  readonly type: 'step';
  readonly runId: string;
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** Gradient statistics of one parameter at one step. */
export interface ParamStats {
  readonly id: string;
  readonly nodeId: string;
  readonly norm: number;
  readonly mean: number;
  readonly std: number;
  readonly maxAbs: number;
  readonly zeroFraction: number;
  readonly nonFinite: number;
}

/** Output statistics of one node at one step. */
export interface ActivationStats {
  readonly nodeId: string;
  readonly mean: number;
  readonly std: number;
  readonly zeroFraction: number;
}

/** Per-layer statistics of one step. */
export interface LayersMessage {
  readonly v: number;
  readonly type: 'layers';
  readonly runId: string;
  readonly step: number;
  readonly params: readonly ParamStats[];
  readonly activations: readonly ActivationStats[];
}

/** End of an epoch: its mean loss and accuracies. */
export interface EpochMessage {
  readonly v: number;
  readonly type: 'epoch';
  readonly runId: string;
  readonly epoch: number;
  readonly step: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
}

/** The run finished. */
export interface DoneMessage {
  readonly v: number;
  readonly type: 'done';
  readonly runId: string;
  readonly testAccuracy: number;
  readonly trainAccuracy: number;
  readonly loss: number;
  readonly epochs: number;
  readonly samplesPerSecond: number;
}

/** Every message a run sends. */
export type RunMessage = HelloMessage | StepMessage | LayersMessage | EpochMessage | DoneMessage;

/** What a histogram counts: a parameter's gradient, a parameter's values, or a node's output. */
export type HistogramKind = 'gradient' | 'weight' | 'activation';

/**
 * The distribution of one tensor at one step: `counts[i]` values fell in the i-th of
 * `counts.length` equal-width bins spanning [min, max]. One message per layer and kind; the page
 * stacks them over steps into a heatmap (step × value bin).
 */
export interface HistogramMessage {
  readonly v: number;
  readonly type: 'histogram';
  readonly runId: string;
  readonly step: number;
  readonly nodeId: string;
  readonly kind: HistogramKind;
  /** The parameter counted, for 'gradient' and 'weight' (e.g. `dense-1/weight`). */
  readonly paramId?: string;
  readonly min: number;
  readonly max: number;
  readonly counts: readonly number[];
}

/** How urgent an alert is. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** A detector noticed something about one layer, with the numbers that made it fire. */
export interface AlertMessage {
  readonly v: number;
  readonly type: 'alert';
  readonly runId: string;
  readonly step: number;
  /** Detector name, e.g. `vanishing-gradient`, `exploding-gradient`, `dead-relu`. */
  readonly kind: string;
  /** Node id the alert is about. */
  readonly layer: string;
  readonly severity?: AlertSeverity;
  /** One sentence for a person. */
  readonly message: string;
  /** The measured values behind it, e.g. `{ "norm": 3e-9, "threshold": 1e-7 }`. */
  readonly evidence: Readonly<Record<string, number | string | boolean | null>>;
  /** What to try. */
  readonly mitigation: string;
}

/** Health of one layer at one step; every field is optional so publishers send what they have. */
export interface LayerHealth {
  readonly nodeId: string;
  /** Fraction of units whose output was zero for the whole batch (dead ReLUs). */
  readonly deadFraction?: number;
  /** Fraction of units in the flat tails of a saturating activation (|tanh| > 0.99, say). */
  readonly saturatedFraction?: number;
  /** ‖Δw‖ / ‖w‖ of the step's optimizer update; around 1e-3 is healthy. */
  readonly updateRatio?: number;
  /** The publisher's own verdict; the page works one out when it is absent. */
  readonly status?: 'ok' | 'warn' | 'bad';
}

/** Per-layer health of one step. */
export interface HealthMessage {
  readonly v: number;
  readonly type: 'health';
  readonly runId: string;
  readonly step: number;
  readonly layers: readonly LayerHealth[];
}

/** Every message a publisher may send. */
export type PublishedMessage = RunMessage | HistogramMessage | AlertMessage | HealthMessage;

/**
 * What the server sends a page: at most about 20 of these a second, each holding every message
 * published since the client's last batch (the first one: each run's hello, then its history).
 */
export interface BatchMessage {
  readonly v: number;
  readonly type: 'batch';
  readonly messages: readonly PublishedMessage[];
}

/** Sent back to a publisher whose message was rejected; the connection stays open. */
export interface ErrorMessage {
  readonly v: number;
  readonly type: 'error';
  readonly message: string;
}

/** Every message the server sends. */
export type ServerMessage = BatchMessage | ErrorMessage;

/** The WebSocket path, on the same port as the page. */
export const WS_PATH = '/ws';
