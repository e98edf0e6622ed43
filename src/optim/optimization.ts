import type { Observable, OperatorFunction } from 'rxjs';
import type { ParamValues } from '../nodes/node.ts';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import type { NonFiniteReport } from './non-finite.ts';
import type { LearningRate } from './optimizer.ts';
import { clipDefinitions, optimizerDefinitions, scheduleDefinitions } from './registry.ts';
import type { Schedule } from './schedules/schedule.ts';

/** A schedule as a validated spec names it. */
export interface ScheduleChoice {
  readonly op: string;
  readonly params: ParamValues;
  readonly then?: ScheduleChoice;
}

/** An optimizer as a validated spec names it, with its schedule and clipping. */
export interface OptimizationChoice {
  readonly op: string;
  readonly params: ParamValues;
  readonly schedule?: ScheduleChoice;
  readonly clip?: { readonly op: string; readonly params: ParamValues };
}

/** The streams a spec's schedule and clipping hook into. */
export interface OptimizationHooks {
  /** Emits once per training step, after the optimizer ran: drives step-driven schedules. */
  readonly steps$: Observable<unknown>;
  /** The loss of each training step, after the optimizer ran: drives reduce-on-plateau. */
  readonly losses$: Observable<number>;
  /** Receives every non-finite report of the clipping operator. */
  readonly onNonFinite?: (report: NonFiniteReport) => void;
}

/**
 * Builds what a spec's optimizer entry names: the optimizer operator (its rate a schedule's stream
 * when one is named, starting from the optimizer's `lr`) and the clipping operator to run before it.
 */
export function buildOptimization(
  choice: OptimizationChoice,
  hooks: OptimizationHooks,
): {
  optimizer: OperatorFunction<GradientBundle, UpdateBundle>;
  gradientOperators: OperatorFunction<GradientBundle, GradientBundle>[];
} {
  const definition = optimizerDefinitions.get(choice.op);
  if (definition === undefined)
    throw new RangeError(
      `[gradstream] optimizer: unknown op '${choice.op}'; validate the spec first.`,
    );
  const baseLr = choice.params.lr as number;
  const lr: LearningRate =
    choice.schedule === undefined ? baseLr : rateStream(choice.schedule, baseLr, hooks);

  const gradientOperators: OperatorFunction<GradientBundle, GradientBundle>[] = [];
  if (choice.clip !== undefined) {
    const clip = clipDefinitions.get(choice.clip.op);
    if (clip === undefined)
      throw new RangeError(
        `[gradstream] optimizer.clip: unknown op '${choice.clip.op}'; validate the spec first.`,
      );
    gradientOperators.push(clip.create(choice.clip.params, hooks.onNonFinite));
  }
  return { optimizer: definition.create(choice.params, lr), gradientOperators };
}

function rateStream(
  choice: ScheduleChoice,
  lr: number,
  hooks: OptimizationHooks,
): Observable<number> {
  const definition = scheduleDefinitions.get(choice.op);
  if (definition?.drivenBy === 'loss')
    return hooks.losses$.pipe(definition.create(choice.params, lr));
  return hooks.steps$.pipe(stepSchedule(choice, lr));
}

function stepSchedule(choice: ScheduleChoice, lr: number): Schedule {
  const definition = scheduleDefinitions.get(choice.op);
  if (definition === undefined || definition.drivenBy !== 'step') {
    throw new RangeError(
      `[gradstream] optimizer.schedule: expected a step-driven schedule, got '${choice.op}'; validate the spec first.`,
    );
  }
  const then = choice.then === undefined ? undefined : stepSchedule(choice.then, lr);
  return definition.create(choice.params, lr, then);
}
