import { concat, defer, map, of, range, concatMap, type Observable } from 'rxjs';
import { batchCount, batches$ } from '../data/batches.ts';
import type { DatasetSplit } from '../data/dataset.ts';
import { createRandom } from '../tensor/random.ts';
import { countCorrect, evaluateAccuracy } from './evaluate.ts';
import { minBatchSizeFor } from './min-batch-size.ts';
import type { Network } from './network.ts';

/** How long and in what portions to train. */
export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  /** Seeds the shuffling of the training data each epoch. */
  readonly seed: number;
}

/** One training step finished. */
export interface StepEvent {
  readonly type: 'step';
  readonly epoch: number;
  readonly step: number;
  /** Steps per epoch, for progress. */
  readonly stepsPerEpoch: number;
  readonly loss: number;
  /** Accuracy on this batch, measured in the training forward pass. */
  readonly accuracy: number;
}

/** One epoch finished. */
export interface EpochEvent {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly step: number;
  /** Mean training loss over the epoch's batches. */
  readonly loss: number;
  /** Accuracy over the epoch's batches as they trained (training mode, weights moving). */
  readonly trainAccuracy: number;
  /** Accuracy on the held-out test set in evaluation mode after the epoch. */
  readonly testAccuracy: number;
  readonly seconds: number;
  /** Training samples per second in this epoch (test evaluation excluded). */
  readonly samplesPerSecond: number;
}

/** The whole run finished. */
export interface DoneEvent {
  readonly type: 'done';
  readonly epochs: number;
  readonly steps: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/** What a training run emits: a step, the end of an epoch, or the end of the run. */
export type TrainEvent = StepEvent | EpochEvent | DoneEvent;

/**
 * Trains a classifier: each epoch is a shuffled pass of mini-batches through
 * `network.trainStep`, then an evaluation on the test set. Cold: nothing runs until subscribed,
 * and unsubscribing stops between two steps.
 */
export function train$(
  network: Network,
  data: DatasetSplit,
  options: TrainOptions,
): Observable<TrainEvent> {
  return defer(() => {
    // NOTE: the data order gets its own generator, derived from the seed, so that changing the
    // batch order never changes the initial weights drawn from the network's generator.
    const random = createRandom((options.seed ^ 0x5eed5eed) >>> 0);
    // NOTE: with batch normalization a last batch of one sample joins the batch before it.
    const minBatchSize = minBatchSizeFor(network, options.batchSize, data.train.count);
    const stepsPerEpoch = batchCount(data.train.count, options.batchSize, minBatchSize);
    const started = performance.now();
    let trainingSeconds = 0;
    let last: EpochEvent | undefined;

    const epoch$ = (epoch: number): Observable<TrainEvent> => {
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let epochStart = 0;
      const steps$ = batches$(data.train, {
        batchSize: options.batchSize,
        random,
        minBatchSize,
      }).pipe(
        map((batch): StepEvent => {
          if (seen === 0) epochStart = performance.now();
          const size = batch.targets.data.length;
          const result = network.trainStep(batch);
          const batchCorrect = countCorrect(result.outputs.data, batch.targets.data);
          lossSum += result.loss * size;
          correct += batchCorrect;
          seen += size;
          return {
            type: 'step',
            epoch,
            step: result.step,
            stepsPerEpoch,
            loss: result.loss,
            accuracy: batchCorrect / size,
          };
        }),
      );
      const summary$ = defer(() => {
        const seconds = (performance.now() - epochStart) / 1000;
        trainingSeconds += seconds;
        last = {
          type: 'epoch',
          epoch,
          step: network.stepCount,
          loss: lossSum / seen,
          trainAccuracy: correct / seen,
          testAccuracy: evaluateAccuracy(network, data.test),
          seconds,
          samplesPerSecond: seen / seconds,
        };
        return of(last);
      });
      return concat(steps$, summary$);
    };

    const done$ = defer(() => {
      const final = last as EpochEvent;
      const done: DoneEvent = {
        type: 'done',
        epochs: options.epochs,
        steps: network.stepCount,
        loss: final.loss,
        trainAccuracy: final.trainAccuracy,
        testAccuracy: final.testAccuracy,
        seconds: (performance.now() - started) / 1000,
        samplesPerSecond: (data.train.count * options.epochs) / trainingSeconds,
      };
      return of(done);
    });
    return concat(range(1, options.epochs).pipe(concatMap(epoch$)), done$);
  });
}
