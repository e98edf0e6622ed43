import { map, type OperatorFunction } from 'rxjs';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import type { GradientBundle, ParamGradient, ParamUpdate, UpdateBundle } from './gradients.ts';

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
  update(value: Float32Array, grad: Float32Array, delta: Float32Array, state: State, lr: number, t: number): void;
}

/**
 * Turns an update rule into an operator on the gradient stream: each emitted gradient bundle
 * updates every parameter in place and is answered by one update bundle.
 */
export function optimizer<State>(rule: UpdateRule<State>, lr: number): OperatorFunction<GradientBundle, UpdateBundle> {
  return (source) => {
    // Per-subscription state: moment buffers per parameter, delta buffers, and the step count.
    const states = new Map<string, { state: State; delta: Tensor }>();
    let t = 0;
    return source.pipe(
      map((bundle) => {
        t += 1;
        const updates: ParamUpdate[] = [];
        for (const param of bundle.params) {
          let entry = states.get(param.id);
          if (entry === undefined) {
            entry = { state: rule.createState(param), delta: tensor(param.value.shape) };
            states.set(param.id, entry);
          }
          rule.update(param.value.data, param.grad.data, entry.delta.data, entry.state, lr, t);
          applyDelta(param.value.data, entry.delta.data);
          updates.push({ param, delta: entry.delta });
        }
        return { step: bundle.step, lr, updates };
      }),
    );
  };
}

function applyDelta(value: Float32Array, delta: Float32Array): void {
  for (let i = 0; i < value.length; i++) value[i] += delta[i];
}
