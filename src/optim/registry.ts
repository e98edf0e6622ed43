import type { OperatorFunction } from 'rxjs';
import type { ParamRules, ParamValues } from '../nodes/node.ts';
import { adagrad, type AdagradOptions } from './adagrad.ts';
import { adam, type AdamOptions } from './adam.ts';
import { adamw, type AdamWOptions } from './adamw.ts';
import { clipByNorm } from './clip-by-norm.ts';
import { clipByValue } from './clip-by-value.ts';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { nonFinitePolicies, type NonFinitePolicy, type NonFiniteReport } from './non-finite.ts';
import type { LearningRate } from './optimizer.ts';
import { rmsprop, type RmspropOptions } from './rmsprop.ts';
import { cosineAnnealing } from './schedules/cosine-annealing.ts';
import { exponentialDecay } from './schedules/exponential-decay.ts';
import { linearWarmup } from './schedules/linear-warmup.ts';
import { reduceOnPlateau, type ReduceOnPlateauOptions } from './schedules/reduce-on-plateau.ts';
import type { Schedule } from './schedules/schedule.ts';
import { stepDecay } from './schedules/step-decay.ts';
import { sgd, type SgdOptions } from './sgd.ts';

/** An optimizer a spec may name: its parameters and how to build its operator. */
export interface OptimizerDefinition {
  readonly op: string;
  readonly params: ParamRules;
  /** Builds the operator; `lr`, when given, replaces `params.lr` (a schedule's stream, say). */
  create(params: ParamValues, lr?: LearningRate): OperatorFunction<GradientBundle, UpdateBundle>;
}

const rate = (p: ParamValues, lr: LearningRate | undefined): LearningRate => lr ?? (p.lr as number);
const beta = { type: 'number', default: 0.9, min: 0, max: 1 } as const;

/** Every optimizer op by name; parameters are camelCase forms of PyTorch's. */
export const optimizerDefinitions: ReadonlyMap<string, OptimizerDefinition> = new Map<
  string,
  OptimizerDefinition
>([
  [
    'sgd',
    {
      op: 'sgd',
      params: {
        lr: { type: 'number', default: 0.01, min: 0 },
        momentum: { type: 'number', default: 0, min: 0 },
        dampening: { type: 'number', default: 0, min: 0, max: 1 },
        weightDecay: { type: 'number', default: 0, min: 0 },
        nesterov: { type: 'boolean', default: false },
      },
      create: (p, lr) => sgd({ ...(p as unknown as SgdOptions), lr: rate(p, lr) }),
    },
  ],
  [
    'rmsprop',
    {
      op: 'rmsprop',
      params: {
        lr: { type: 'number', default: 0.01, min: 0 },
        alpha: { type: 'number', default: 0.99, min: 0, max: 1 },
        eps: { type: 'number', default: 1e-8, min: 0 },
        weightDecay: { type: 'number', default: 0, min: 0 },
        momentum: { type: 'number', default: 0, min: 0 },
        centered: { type: 'boolean', default: false },
      },
      create: (p, lr) => rmsprop({ ...(p as unknown as RmspropOptions), lr: rate(p, lr) }),
    },
  ],
  [
    'adam',
    {
      op: 'adam',
      params: {
        lr: { type: 'number', default: 1e-3, min: 0 },
        beta1: beta,
        beta2: { ...beta, default: 0.999 },
        eps: { type: 'number', default: 1e-8, min: 0 },
        weightDecay: { type: 'number', default: 0, min: 0 },
        amsgrad: { type: 'boolean', default: false },
      },
      create: (p, lr) => adam({ ...(p as unknown as AdamOptions), lr: rate(p, lr) }),
    },
  ],
  [
    'adamw',
    {
      op: 'adamw',
      params: {
        lr: { type: 'number', default: 1e-3, min: 0 },
        beta1: beta,
        beta2: { ...beta, default: 0.999 },
        eps: { type: 'number', default: 1e-8, min: 0 },
        weightDecay: { type: 'number', default: 0.01, min: 0 },
        amsgrad: { type: 'boolean', default: false },
      },
      create: (p, lr) => adamw({ ...(p as unknown as AdamWOptions), lr: rate(p, lr) }),
    },
  ],
  [
    'adagrad',
    {
      op: 'adagrad',
      params: {
        lr: { type: 'number', default: 0.01, min: 0 },
        lrDecay: { type: 'number', default: 0, min: 0 },
        weightDecay: { type: 'number', default: 0, min: 0 },
        initialAccumulatorValue: { type: 'number', default: 0, min: 0 },
        eps: { type: 'number', default: 1e-10, min: 0 },
      },
      create: (p, lr) => adagrad({ ...(p as unknown as AdagradOptions), lr: rate(p, lr) }),
    },
  ],
]);

/**
 * A learning-rate schedule a spec may name. Step-driven schedules count the network's training
 * steps; loss-driven ones (reduce-on-plateau) read one loss per step. `lr` is the optimizer's.
 */
export type ScheduleDefinition =
  | {
      readonly op: string;
      readonly params: ParamRules;
      readonly drivenBy: 'step';
      /** Whether the spec may give a `then` schedule to follow this one. */
      readonly takesThen: boolean;
      create(params: ParamValues, lr: number, then?: Schedule): Schedule;
    }
  | {
      readonly op: string;
      readonly params: ParamRules;
      readonly drivenBy: 'loss';
      readonly takesThen: false;
      create(params: ParamValues, lr: number): OperatorFunction<number, number>;
    };

const n = (p: ParamValues, name: string): number => p[name] as number;

/** Every schedule op by name. */
export const scheduleDefinitions: ReadonlyMap<string, ScheduleDefinition> = new Map<
  string,
  ScheduleDefinition
>([
  [
    'step',
    {
      op: 'step',
      drivenBy: 'step',
      takesThen: false,
      params: {
        stepSize: { type: 'integer', min: 1 },
        gamma: { type: 'number', default: 0.1, min: 0, exclusiveMin: true },
      },
      create: (p, lr) => stepDecay({ lr, stepSize: n(p, 'stepSize'), gamma: n(p, 'gamma') }),
    },
  ],
  [
    'exponential',
    {
      op: 'exponential',
      drivenBy: 'step',
      takesThen: false,
      params: { gamma: { type: 'number', min: 0, exclusiveMin: true } },
      create: (p, lr) => exponentialDecay({ lr, gamma: n(p, 'gamma') }),
    },
  ],
  [
    'cosine',
    {
      op: 'cosine',
      drivenBy: 'step',
      takesThen: false,
      params: { tMax: { type: 'integer', min: 1 }, etaMin: { type: 'number', default: 0, min: 0 } },
      create: (p, lr) => cosineAnnealing({ lr, tMax: n(p, 'tMax'), etaMin: n(p, 'etaMin') }),
    },
  ],
  [
    'warmup',
    {
      op: 'warmup',
      drivenBy: 'step',
      takesThen: true,
      params: {
        steps: { type: 'integer', min: 1 },
        startFactor: { type: 'number', default: 1 / 3, min: 0, exclusiveMin: true, max: 1 },
        endFactor: { type: 'number', default: 1, min: 0, max: 1 },
      },
      create: (p, lr, then) =>
        linearWarmup({
          lr,
          steps: n(p, 'steps'),
          startFactor: n(p, 'startFactor'),
          endFactor: n(p, 'endFactor'),
          then,
        }),
    },
  ],
  [
    'plateau',
    {
      op: 'plateau',
      drivenBy: 'loss',
      takesThen: false,
      params: {
        mode: { type: 'string', default: 'min', choices: ['min', 'max'] },
        factor: { type: 'number', default: 0.1, min: 0, max: 0.999999 },
        patience: { type: 'integer', default: 10, min: 0 },
        threshold: { type: 'number', default: 1e-4, min: 0 },
        thresholdMode: { type: 'string', default: 'rel', choices: ['rel', 'abs'] },
        cooldown: { type: 'integer', default: 0, min: 0 },
        minLr: { type: 'number', default: 0, min: 0 },
        eps: { type: 'number', default: 1e-8, min: 0 },
      },
      create: (p, lr) => reduceOnPlateau({ ...(p as unknown as ReduceOnPlateauOptions), lr }),
    },
  ],
]);

/** A clipping operator a spec may name. */
export interface ClipDefinition {
  readonly op: string;
  readonly params: ParamRules;
  create(
    params: ParamValues,
    onNonFinite?: (report: NonFiniteReport) => void,
  ): OperatorFunction<GradientBundle, GradientBundle>;
}

const nonFiniteRule = { type: 'string', default: 'error', choices: nonFinitePolicies } as const;

/** Every clipping op by name. */
export const clipDefinitions: ReadonlyMap<string, ClipDefinition> = new Map<string, ClipDefinition>(
  [
    [
      'norm',
      {
        op: 'norm',
        params: {
          maxNorm: { type: 'number', min: 0, exclusiveMin: true },
          nonFinite: nonFiniteRule,
        },
        create: (p, onNonFinite) =>
          clipByNorm({
            maxNorm: n(p, 'maxNorm'),
            nonFinite: p.nonFinite as NonFinitePolicy,
            onNonFinite,
          }),
      },
    ],
    [
      'value',
      {
        op: 'value',
        params: {
          clipValue: { type: 'number', min: 0, exclusiveMin: true },
          nonFinite: nonFiniteRule,
        },
        create: (p, onNonFinite) =>
          clipByValue({
            clipValue: n(p, 'clipValue'),
            nonFinite: p.nonFinite as NonFinitePolicy,
            onNonFinite,
          }),
      },
    ],
  ],
);
