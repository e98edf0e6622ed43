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
