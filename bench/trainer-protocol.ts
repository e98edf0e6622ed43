/**
 * The little protocol between bench/run.ts and a trainer child process. The parent sends
 * `{ run: samples }`; the child trains that many samples (whole batches, continuing through
 * its batches in order) and answers with the wall time and the last batch's loss. Messages go
 * as JSON over the IPC channel, so no ArrayBuffer is ever transferred (or detached).
 */
import { BATCH_SIZE } from './bench-data.ts';

/** A system under test: one training step on batch `index`, and the loss of the last step. */
export interface BenchTrainer {
  step(index: number): void;
  lastLoss(): number;
  readonly batchCount: number;
}

/** Parent → child. */
export type TrainerRequest = { readonly run: number } | { readonly exit: true };

/** Child → parent. */
export type TrainerReply =
  | { readonly ready: true }
  | { readonly samples: number; readonly seconds: number; readonly loss: number }
  | { readonly error: string };

/** Runs in the child: answers the parent's requests with `trainer` until told to exit. */
export function serveTrainer(trainer: BenchTrainer): void {
  const send = (reply: TrainerReply): void => void process.send?.(reply);
  let next = 0;
  process.on('message', (request: TrainerRequest) => {
    if ('exit' in request) {
      process.disconnect();
      return;
    }
    try {
      const steps = Math.ceil(request.run / BATCH_SIZE);
      const start = performance.now();
      for (let s = 0; s < steps; s++) {
        trainer.step(next);
        next = (next + 1) % trainer.batchCount;
      }
      const loss = trainer.lastLoss();
      const seconds = (performance.now() - start) / 1000;
      send({ samples: steps * BATCH_SIZE, seconds, loss });
    } catch (error) {
      send({ error: String((error as Error).stack ?? error) });
    }
  });
  send({ ready: true });
}
