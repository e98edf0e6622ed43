import { from, type OperatorFunction } from 'rxjs';

/** Runs inputs through an operator synchronously and returns every emission; a stream error is thrown. */
export function collect<A, B>(inputs: readonly A[], operator: OperatorFunction<A, B>): B[] {
  const out: B[] = [];
  let failure: unknown;
  from(inputs)
    .pipe(operator)
    .subscribe({ next: (x) => out.push(x), error: (e) => (failure = e) });
  if (failure !== undefined) throw failure;
  return out;
}
