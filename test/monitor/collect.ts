import { from, type OperatorFunction } from 'rxjs';

/** Runs inputs through an operator synchronously and returns every emission. */
export function collect<A, B>(inputs: readonly A[], operator: OperatorFunction<A, B>): B[] {
  const out: B[] = [];
  from(inputs).pipe(operator).subscribe({
    next: (x) => out.push(x),
    error: (e) => {
      throw e;
    },
  });
  return out;
}
