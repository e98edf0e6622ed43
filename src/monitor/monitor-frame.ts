/**
 * The plain data the monitors read. A frame is one tensor of one step; a batch is every frame of
 * one step, since a step has many parameters. Nothing here knows about gradstream's engine, so
 * any trainer (a hand-written loop, a PyTorch hook replaying JSON) can build frames.
 */

/** What a frame's values are. */
export type FrameKind = 'gradient' | 'weight' | 'activation' | 'update';

/**
 * One tensor at one step.
 * NOTE: values may be borrowed (a trainer reuses its buffers next step); every monitor reads
 * them synchronously, in the emission's callback, and keeps only numbers it derived.
 */
export interface MonitorFrame {
  /** Stable id of the tensor, e.g. `dense-1/weight` or, for an activation, the node id. */
  readonly name: string;
  readonly step: number;
  readonly values: Float32Array | readonly number[];
  /** Batch first for activations; when absent the values are read as one flat vector. */
  readonly shape?: readonly number[];
  /** Defaults to 'gradient'. */
  readonly kind?: FrameKind;
  /** The layer (node) the tensor belongs to; defaults to `name`. */
  readonly layer?: string;
}

/** Every frame of one step: one emission per step. */
export interface MonitorBatch {
  readonly step: number;
  readonly frames: readonly MonitorFrame[];
}

/** What the monitor operators accept: a single frame or a whole step's batch. */
export type MonitorInput = MonitorFrame | MonitorBatch;

/** The frames an input carries, as a list (a single frame becomes a list of one). */
export function framesOf(input: MonitorInput): readonly MonitorFrame[] {
  return 'frames' in input ? input.frames : [input];
}

/** The kind of a frame, with its default. */
export function kindOf(frame: MonitorFrame): FrameKind {
  return frame.kind ?? 'gradient';
}

/** The layer of a frame, with its default. */
export function layerOf(frame: MonitorFrame): string {
  return frame.layer ?? frame.name;
}
