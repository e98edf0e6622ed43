import cliProgress from 'cli-progress';
import type { StepEvent } from '../engine/trainer.ts';

/** A progress bar on stderr for a person at a terminal. */
export interface Progress {
  update(event: StepEvent): void;
  /** Hides the bar so a result line can be printed cleanly. */
  clear(): void;
  stop(): void;
}

/** Creates the bar lazily, at the first step, when the number of steps is known. */
export function createProgress(): Progress {
  let bar: cliProgress.SingleBar | undefined;
  let epoch = 0;
  return {
    update(event) {
      if (bar === undefined || event.epoch !== epoch) {
        bar?.stop();
        epoch = event.epoch;
        bar = new cliProgress.SingleBar(
          {
            format: `epoch ${epoch} [{bar}] {value}/{total} steps  loss {loss}`,
            stream: process.stderr,
            clearOnComplete: true,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.stepsPerEpoch, 0, { loss: '-' });
      }
      bar.update(event.step - (event.epoch - 1) * event.stepsPerEpoch, {
        loss: event.loss.toFixed(4),
      });
    },
    clear() {
      bar?.stop();
      bar = undefined;
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
