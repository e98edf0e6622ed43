import { produce } from 'immer';
import { Subscription, map } from 'rxjs';
import { splitDataset } from '../data/split.ts';
import { subset, type DatasetSplit } from '../data/dataset.ts';
import { minBatchSizeFor } from '../engine/min-batch-size.ts';
import { buildNetwork, type Network } from '../engine/network.ts';
import { train$, type TrainEvent } from '../engine/trainer.ts';
import type { ValidGraph } from '../graph/validate.ts';
import { formatShape, sameShape } from '../tensor/tensor.ts';
import { checkFolderOf, openJsonLines, type JsonLinesFile } from './jsonl-file.ts';
import { loadGraphFile } from './load-graph.ts';
import { createProgress, type Progress } from './progress.ts';
import { activationStatistics$, paramStatistics$ } from './run-statistics.ts';
import { checkClasses } from './check-classes.ts';
import { loadData, type DataOptions } from './load-data.ts';
import { monitorRun } from './monitor-run.ts';
import { publishRun, type Publisher } from './publish-run.ts';
import { reportAlerts } from './report-alerts.ts';
import { tailorMitigation } from './tailor-mitigation.ts';

/** Options of `gradstream train`, after parsing. */
export interface TrainCommandOptions extends DataOptions {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly lr?: number;
  readonly seed?: number;
  readonly trainSize?: number;
  readonly testSize?: number;
  readonly dashboard?: boolean;
  readonly port?: number;
  readonly host?: string;
  readonly keepOpen?: boolean;
  readonly json?: boolean;
  readonly statsOut?: string;
}

/** Where the command writes: stdout for results, stderr for people. Injected for tests. */
export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
  readonly isTTY: boolean;
}

/** `gradstream train <graph.json>`: trains on the chosen data (MNIST by default). Resolves when done. */
export async function trainCommand(
  graphPath: string,
  options: TrainCommandOptions,
  output: Output,
  stop?: AbortSignal,
): Promise<TrainEvent | undefined> {
  const graph = applyOverrides(loadGraphFile(graphPath), options);
  const dataset = loadData(options);
  const data = limitTraining(
    splitDataset(dataset, graph.training.testSize, graph.training.seed),
    graph.training.trainSize,
  );
  if (!sameShape(graph.inputShape, data.train.sampleShape)) {
    if (graph.nodes.some((n) => n.op === 'embedding'))
      throw new Error(
        `[gradstream] graph '${graph.name}' takes token ids ${formatShape(graph.inputShape)} but ${data.train.name} samples are ${formatShape(data.train.sampleShape)}; the command line has no token data yet, so train it from code (see test/graphs/transformer-block.test.ts)`,
      );
    throw new Error(
      `[gradstream] graph '${graph.name}' takes input ${formatShape(graph.inputShape)} but ${data.train.name} samples are ${formatShape(data.train.sampleShape)}; set "input": { "shape": ${formatShape(data.train.sampleShape)} }`,
    );
  }
  const network = buildNetwork(graph);
  checkClasses(network, dataset);
  // Settings that cannot train and an unwritable stats path fail before the server starts.
  minBatchSizeFor(network, graph.training.batchSize, data.train.count);
  if (options.statsOut) checkFolderOf(options.statsOut, '--stats-out');

  const monitored = monitorRun(network, graph.monitors);
  // Alerts leave the monitors with general advice; the graph is known here, so it is tailored.
  const monitoring = {
    ...monitored,
    alerts$: monitored.alerts$.pipe(
      map((alert) => ({ ...alert, mitigation: tailorMitigation(alert, graph) })),
    ),
  };
  // The server starts before the statistics file opens, so a port already in use leaves no file behind.
  const publisher = options.dashboard
    ? await publishRun(network, graph, data.train.count, options, output, monitoring)
    : undefined;
  const subscriptions = new Subscription();
  const stats = options.statsOut ? openJsonLines(options.statsOut) : undefined;
  if (stats) subscriptions.add(recordStatistics(network, stats));
  const progress = !options.json && output.isTTY ? createProgress() : undefined;
  const alerts = reportAlerts(monitoring, {
    output,
    isJson: options.json === true,
    progress,
    stats,
    publisher,
  });
  subscriptions.add(alerts);

  let last: TrainEvent | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const run = train$(network, data, {
        epochs: graph.training.epochs,
        batchSize: graph.training.batchSize,
        seed: graph.training.seed,
      }).subscribe({
        next: (event) => {
          last = event;
          // Summaries of repeated alerts come before the run's closing line.
          if (event.type === 'done') alerts.flush();
          report(event, options, output, progress);
          publisher?.event(event);
        },
        error: reject,
        complete: resolve,
      });
      subscriptions.add(run);
      subscriptions.add(onInterrupt(stop, reject));
    });
    stats?.write({ type: 'end', status: 'done', steps: network.stepCount });
  } catch (error) {
    // Training stops first, so the record that says the run did not finish is the file's last
    // line; then the dashboard closes too, so the process can exit.
    subscriptions.unsubscribe();
    const end = { type: 'end', status: 'failed', error: (error as Error).message };
    stats?.write(end);
    // NOTE: the file is closed before the server, whose close can take a second: a second
    // Ctrl-C in that time ends the process at once, and must find the file already whole.
    stats?.close(true);
    if (options.json) output.stdout(JSON.stringify(end));
    await publisher?.finish(false);
    throw error;
  } finally {
    subscriptions.unsubscribe();
    progress?.stop();
    stats?.close(true);
  }
  if (publisher) await publisher.finish(options.keepOpen === true);
  return last;
}

/**
 * Rejects the run on Ctrl-C (SIGINT), SIGTERM, or `stop` aborting (stdout's reader went away);
 * returns the teardown that removes the listeners.
 */
function onInterrupt(stop: AbortSignal | undefined, reject: (error: unknown) => void): () => void {
  const interrupt = (): void => reject(new Error('[gradstream] train: interrupted'));
  const stopped = (): void => reject(stop?.reason);
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  stop?.addEventListener('abort', stopped, { once: true });
  if (stop?.aborted) stopped();
  return () => {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    stop?.removeEventListener('abort', stopped);
  };
}

/** The command line's settings over the graph's, as an immutable edit of the validated graph. */
function applyOverrides(graph: ValidGraph, options: TrainCommandOptions): ValidGraph {
  const dashboardFlags = [
    ['--keep-open', options.keepOpen, 'keeps the dashboard open'],
    ['--port', options.port, 'sets the dashboard port'],
    ['--host', options.host, 'sets the address the dashboard binds'],
  ] as const;
  for (const [flag, value, what] of dashboardFlags) {
    if (value !== undefined && value !== false && !options.dashboard)
      throw new TypeError(`[gradstream] train: ${flag} ${what}, so it needs --dashboard`);
  }
  if (
    options.seed !== undefined &&
    !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff)
  ) {
    throw new RangeError(
      `[gradstream] train: --seed expects an integer from 0 to 4294967295, got ${options.seed}`,
    );
  }
  const atLeastOne = [
    ['--epochs', options.epochs],
    ['--batch-size', options.batchSize],
    ['--test-size', options.testSize],
  ] as const;
  for (const [flag, value] of atLeastOne) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      throw new RangeError(`[gradstream] train: ${flag} expects an integer ≥ 1, got ${value}`);
  }
  if (options.lr !== undefined && !(Number.isFinite(options.lr) && options.lr >= 0)) {
    throw new RangeError(`[gradstream] train: --lr expects a finite number ≥ 0, got ${options.lr}`);
  }
  return produce(graph, (draft) => {
    if (options.lr !== undefined) draft.optimizer.params.lr = options.lr;
    const training = draft.training;
    training.epochs = options.epochs ?? training.epochs;
    training.batchSize = options.batchSize ?? training.batchSize;
    training.seed = options.seed ?? training.seed;
    training.trainSize = options.trainSize ?? training.trainSize;
    training.testSize = options.testSize ?? training.testSize;
  });
}

/** Keeps the first `trainSize` training samples (the split is already shuffled); 0 keeps all. */
function limitTraining(data: DatasetSplit, trainSize: number): DatasetSplit {
  if (trainSize === 0 || trainSize >= data.train.count) return data;
  return {
    ...data,
    train: subset(
      data.train,
      Array.from({ length: trainSize }, (_, i) => i),
    ),
  };
}

function recordStatistics(network: Network, file: JsonLinesFile): Subscription {
  const subscription = paramStatistics$(network).subscribe((records) =>
    records.forEach((r) => file.write(r)),
  );
  subscription.add(activationStatistics$(network).subscribe((r) => file.write(r)));
  return subscription;
}

function report(
  event: TrainEvent,
  options: TrainCommandOptions,
  output: Output,
  progress: Progress | undefined,
): void {
  if (event.type === 'step') {
    progress?.update(event);
    return;
  }
  if (options.json) {
    output.stdout(JSON.stringify(event));
    return;
  }
  progress?.clear();
  if (event.type === 'epoch') {
    output.stdout(
      `epoch ${event.epoch}  loss ${event.loss.toFixed(4)}  train ${percent(event.trainAccuracy)}  test ${percent(event.testAccuracy)}  ${Math.round(event.samplesPerSecond)} samples/s`,
    );
  } else {
    output.stdout(
      `done: ${event.epochs} epoch${event.epochs === 1 ? '' : 's'}, ${event.steps} steps in ${event.seconds.toFixed(1)} s; test accuracy ${percent(event.testAccuracy)}, train ${percent(event.trainAccuracy)}, loss ${event.loss.toFixed(4)}, ${Math.round(event.samplesPerSecond)} samples/s`,
    );
  }
}

function percent(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

export type { Publisher };
