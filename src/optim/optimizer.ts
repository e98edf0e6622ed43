import { Observable, type OperatorFunction, type Subscription } from 'rxjs';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import type { GradientBundle, ParamGradient, ParamUpdate, UpdateBundle } from './gradients.ts';

/**
 * A learning rate: a constant, or a stream whose latest value is in force at each step
 * (a schedule from ./schedules, or any Observable of numbers). A stream must have emitted
 * before the first step; schedules do so as soon as they are subscribed.
 */
export type LearningRate = number | Observable<number>;

/**
 * The part of an optimizer that differs from the others: per-parameter state and the update rule.
 * The shared loop (optimizer() below) owns step counting, state lookup and applying deltas.
 */
export interface UpdateRule<State> {
  /** Fresh state for a parameter, the first time it is seen. */
  createState(param: ParamGradient): State;
  /**
   * Writes into `delta` the change to the parameter for this step (new − old), from
   * `value` and `grad`. `t` counts optimizer steps from 1, as PyTorch's `state['step']` does.
   */
  update(
    value: Float32Array,
    grad: Float32Array,
    delta: Float32Array,
    state: State,
    lr: number,
    t: number,
  ): void;
  /**
   * True when update() also adds `delta` into `value` itself, in the same pass (saves a sweep
   * over every parameter each step); the shared loop then does not apply it again.
   */
  readonly appliesDelta?: boolean;
}

/**
 * Turns an update rule into an operator on the gradient stream: each emitted gradient bundle
 * updates every parameter in place and is answered by one update bundle. A bundle that never
 * arrives (dropped by clipping's 'skip' policy) is no step: `t` does not advance.
 */
export function optimizer<State>(
  rule: UpdateRule<State>,
  lr: LearningRate,
  name = 'optimizer',
): OperatorFunction<GradientBundle, UpdateBundle> {
  return (source) =>
    new Observable<UpdateBundle>((subscriber) => {
      // Per-subscription state: moment buffers per parameter, delta buffers, the step count, the rate.
      const states = new Map<string, { state: State; delta: Tensor }>();
      let t = 0;
      let currentLr = typeof lr === 'number' ? lr : NaN;
      let lrSubscription: Subscription | undefined;
      if (typeof lr !== 'number') {
        lrSubscription = lr.subscribe({
          next: (v) => (currentLr = v),
          error: (e) => subscriber.error(e),
        });
      }

      const step = (bundle: GradientBundle): UpdateBundle => {
        checkRate(name, currentLr, bundle.step);
        t += 1;
        const updates: ParamUpdate[] = [];
        for (const param of bundle.params) {
          let entry = states.get(param.id);
          if (entry === undefined) {
            entry = { state: rule.createState(param), delta: tensor(param.value.shape) };
            states.set(param.id, entry);
          }
          rule.update(
            param.value.data,
            param.grad.data,
            entry.delta.data,
            entry.state,
            currentLr,
            t,
          );
          if (!rule.appliesDelta) applyDelta(param.value.data, entry.delta.data);
          updates.push({ param, delta: entry.delta });
        }
        return { step: bundle.step, lr: currentLr, updates };
      };

      const sourceSubscription = source.subscribe({
        next(bundle) {
          let update: UpdateBundle;
          try {
            update = step(bundle);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(update);
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        lrSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
      };
    });
}

function checkRate(name: string, lr: number, step: number): void {
  if (Number.isNaN(lr)) {
    throw new RangeError(
      `[gradstream] ${name}: the learning-rate stream had not emitted by step ${step}; give it an initial value (schedules emit one when subscribed).`,
    );
  }
  if (!(lr >= 0) || !Number.isFinite(lr)) {
    throw new RangeError(
      `[gradstream] ${name}: expected a finite learning rate ≥ 0 at step ${step}, got ${lr}.`,
    );
  }
}

function applyDelta(value: Float32Array, delta: Float32Array): void {
  for (let i = 0; i < value.length; i++) value[i] += delta[i];
}
