import { Observable, type OperatorFunction } from 'rxjs';
import type { GradientBundle, ParamGradient } from './gradients.ts';

/**
 * What a clipping operator does with a step whose gradients hold NaN or ±Infinity:
 * 'error' errors the stream; 'skip' drops the step (nothing reaches the optimizer, whose step
 * count does not advance); 'zero' zeroes each offending parameter's whole gradient and goes on.
 */
export type NonFinitePolicy = 'error' | 'skip' | 'zero';

/** Every non-finite policy, for validation. */
export const nonFinitePolicies: readonly NonFinitePolicy[] = ['error', 'skip', 'zero'];

/** A report of one step with non-finite gradients: data for the CLI or dashboard to show. */
export interface NonFiniteReport {
  readonly step: number;
  /** The operator that found it: 'clipByNorm' or 'clipByValue'. */
  readonly operator: string;
  readonly policy: NonFinitePolicy;
  /** Ids of the parameters whose gradient holds NaN or ±Infinity. */
  readonly paramIds: readonly string[];
}

/** Options the clipping operators share. */
export interface NonFiniteOptions {
  /** Defaults to 'error'. */
  readonly nonFinite?: NonFinitePolicy;
  /** Called with a report for every step with non-finite gradients, whatever the policy. */
  readonly onNonFinite?: (report: NonFiniteReport) => void;
}

/** Whether a gradient holds a NaN or ±Infinity. */
export function hasNonFinite(grad: Float32Array): boolean {
  for (let i = 0; i < grad.length; i++) {
    // NOTE: x − x is 0 for finite x and NaN for NaN and ±Infinity: one test for both.
    if (grad[i] - grad[i] !== 0) return true;
  }
  return false;
}

/**
 * Applies a policy to the parameters found non-finite: reports them, then throws ('error'),
 * returns false to drop the step ('skip') or zeroes their gradients and returns true ('zero').
 */
export function handleNonFinite(
  operator: string,
  bundle: GradientBundle,
  offending: readonly ParamGradient[],
  options: NonFiniteOptions,
): boolean {
  const policy = options.nonFinite ?? 'error';
  const paramIds = offending.map((p) => p.id);
  options.onNonFinite?.({ step: bundle.step, operator, policy, paramIds });
  if (policy === 'error') {
    throw new RangeError(
      `[gradstream] ${operator}: non-finite gradient (NaN or Infinity) at step ${bundle.step} in ${paramIds.map((id) => `'${id}'`).join(', ')}; lower the learning rate, or pick nonFinite 'skip' or 'zero'.`,
    );
  }
  if (policy === 'skip') return false;
  for (const p of offending) p.grad.data.fill(0);
  return true;
}

/**
 * An operator on the gradient stream from a per-bundle function that may drop a bundle
 * (returns undefined) or throw; a throw errors the stream instead of escaping the callback.
 */
export function gradientOperator(
  apply: (bundle: GradientBundle) => GradientBundle | undefined,
): OperatorFunction<GradientBundle, GradientBundle> {
  return (source) =>
    new Observable<GradientBundle>((subscriber) =>
      source.subscribe({
        next(bundle) {
          let result: GradientBundle | undefined;
          try {
            result = apply(bundle);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (result !== undefined) subscriber.next(result);
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    );
}
