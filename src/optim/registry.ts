import type { OperatorFunction } from 'rxjs';
import type { ParamRules, ParamValues } from '../nodes/node.ts';
import { adam, type AdamOptions } from './adam.ts';
import type { GradientBundle, UpdateBundle } from './gradients.ts';
import { sgd, type SgdOptions } from './sgd.ts';

/** An optimizer a spec may name: its parameters and how to build its operator. */
export interface OptimizerDefinition {
  readonly op: string;
  readonly params: ParamRules;
  create(params: ParamValues): OperatorFunction<GradientBundle, UpdateBundle>;
}

/** Every optimizer op by name. */
export const optimizerDefinitions: ReadonlyMap<string, OptimizerDefinition> = new Map<string, OptimizerDefinition>([
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
      create: (p) => sgd(p as unknown as SgdOptions),
    },
  ],
  [
    'adam',
    {
      op: 'adam',
      params: {
        lr: { type: 'number', default: 1e-3, min: 0 },
        beta1: { type: 'number', default: 0.9, min: 0, max: 1 },
        beta2: { type: 'number', default: 0.999, min: 0, max: 1 },
        eps: { type: 'number', default: 1e-8, min: 0 },
        weightDecay: { type: 'number', default: 0, min: 0 },
      },
      create: (p) => adam(p as unknown as AdamOptions),
    },
  ],
]);
