import { defer, map, startWith, type OperatorFunction } from 'rxjs';

/**
 * A step-driven learning-rate schedule. As an operator it turns a driving stream into rates: it
 * emits `rateAt(0)` when subscribed and `rateAt(k)` after the driver's k-th emission, as PyTorch's
 * scheduler does after its k-th `step()`. Drive it with whatever marks the unit its parameters
 * count: the network's steps for per-step schedules, an epoch-end stream for per-epoch ones.
 */
export interface Schedule extends OperatorFunction<unknown, number> {
  /** The closed form: the rate in force after `t` driving events (t = 0 before the first). */
  readonly rateAt: (t: number) => number;
}

/** Makes a schedule from its closed form. */
export function schedule(rateAt: (t: number) => number): Schedule {
  const operator: OperatorFunction<unknown, number> = (driver$) =>
    defer(() => {
      // Per-subscription count of driving events.
      let t = 0;
      return driver$.pipe(
        map(() => rateAt(++t)),
        startWith(rateAt(0)),
      );
    });
  return Object.assign(operator, { rateAt });
}

/** Throws a RangeError naming the schedule and option when `value` breaks `isValid`. */
export function checkOption(
  name: string,
  option: string,
  value: number,
  isValid: boolean,
  expected: string,
): void {
  if (!isValid)
    throw new RangeError(
      `[gradstream] ${name}: expected '${option}' to be ${expected}, got ${value}.`,
    );
}
