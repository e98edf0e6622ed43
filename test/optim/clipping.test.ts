import { readFileSync } from 'node:fs';
import { Subject, type OperatorFunction } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { adam } from '../../src/optim/adam.ts';
import { clipByNorm, globalNorm } from '../../src/optim/clip-by-norm.ts';
import { clipByValue } from '../../src/optim/clip-by-value.ts';
import type { GradientBundle, ParamGradient, UpdateBundle } from '../../src/optim/gradients.ts';
import type { NonFiniteReport } from '../../src/optim/non-finite.ts';
import { tensor } from '../../src/tensor/tensor.ts';

interface ClipCase {
  op: 'norm' | 'value';
  grads: Record<string, number[]>;
  clipped: Record<string, number[]>;
  maxNorm?: number;
  totalNorm?: number;
  clipValue?: number;
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8'),
) as { clipping: ClipCase[] };

function params(grads: Record<string, number[]>): ParamGradient[] {
  return Object.entries(grads).map(([name, g]) => ({
    id: `net/${name}`,
    nodeId: 'net',
    name,
    value: tensor([g.length]),
    grad: tensor([g.length], Float32Array.from(g)),
  }));
}

/** Sends one bundle through an operator; returns what came out and the error, if any. */
function run(operator: OperatorFunction<GradientBundle, GradientBundle>, bundle: GradientBundle) {
  const out: GradientBundle[] = [];
  let error: Error | undefined;
  const gradients$ = new Subject<GradientBundle>();
  gradients$
    .pipe(operator)
    .subscribe({ next: (b) => out.push(b), error: (e: Error) => (error = e) });
  gradients$.next(bundle);
  return { out, error };
}

describe('clipping against torch.nn.utils', () => {
  it.each(fixture.clipping.map((c) => [`${c.op} ${c.maxNorm ?? c.clipValue}`, c] as const))(
    '%s gives torch’s gradients',
    (_, c) => {
      const ps = params(c.grads);
      let seenNorm = NaN;
      const operator =
        c.op === 'norm'
          ? clipByNorm({ maxNorm: c.maxNorm!, onTotalNorm: (_, n) => (seenNorm = n) })
          : clipByValue({ clipValue: c.clipValue! });
      expect(run(operator, { step: 1, params: ps }).out).toHaveLength(1);
      if (c.totalNorm !== undefined) expect(seenNorm).toBeCloseTo(c.totalNorm, 6);
      for (const p of ps) {
        p.grad.data.forEach((g, i) => expect(g).toBeCloseTo(c.clipped[p.name][i], 6));
      }
    },
  );

  it('scales to a global norm of maxNorm (less 1e-6) when the norm is larger', () => {
    const ps = params({ a: [3, 0], b: [0, 4] });
    run(clipByNorm({ maxNorm: 1 }), { step: 1, params: ps });
    // N = 5, c = 1/(5 + 1e-6): a = [0.6, 0], b = [0, 0.8] to about 1e-7.
    expect(globalNorm(ps)).toBeCloseTo(1, 6);
    expect(ps[1].grad.data[1]).toBeCloseTo(0.8, 6);
  });
});

describe('clipping a tiny norm', () => {
  it('keeps the 1e-6 of maxNorm / (N + 1e-6), which matters when N is small', () => {
    const ps = params({ a: [3e-6, 0], b: [0, 4e-6] });
    run(clipByNorm({ maxNorm: 1e-6 }), { step: 1, params: ps });
    // N = 5e-6, c = 1e-6 / (5e-6 + 1e-6) = 1/6: a = [5e-7, 0], b = [0, 4e-6/6] (without the
    // 1e-6, c = 1/5 would give 6e-7 and 8e-7).
    expect(Math.abs(ps[0].grad.data[0] / 5e-7 - 1)).toBeLessThan(1e-5);
    expect(Math.abs(ps[1].grad.data[1] / (4e-6 / 6) - 1)).toBeLessThan(1e-5);
  });
});

describe('non-finite gradients', () => {
  const bad = (): ParamGradient[] =>
    params({ a: [1, Number.NaN], b: [2, 2], c: [Number.POSITIVE_INFINITY, 0] });

  it.each([
    ['clipByNorm', clipByNorm],
    ['clipByValue', clipByValue],
  ] as const)("errors the stream under 'error' (%s), naming the parameters", (name, make) => {
    const reports: NonFiniteReport[] = [];
    const { out, error } = run(
      make({ maxNorm: 1, clipValue: 1, onNonFinite: (r) => reports.push(r) }),
      { step: 7, params: bad() },
    );
    expect(out).toHaveLength(0);
    expect(error?.message).toBe(
      `[gradstream] ${name}: non-finite gradient (NaN or Infinity) at step 7 in 'net/a', 'net/c'; lower the learning rate, or pick nonFinite 'skip' or 'zero'.`,
    );
    expect(reports).toEqual([
      { step: 7, operator: name, policy: 'error', paramIds: ['net/a', 'net/c'] },
    ]);
  });

  it("drops the step under 'skip': the optimizer neither updates nor counts it", () => {
    const reports: NonFiniteReport[] = [];
    const gradients$ = new Subject<GradientBundle>();
    const updates: UpdateBundle[] = [];
    gradients$
      .pipe(
        clipByNorm({ maxNorm: 10, nonFinite: 'skip', onNonFinite: (r) => reports.push(r) }),
        adam({ lr: 0.1 }),
      )
      .subscribe((u) => updates.push(u));

    const ps = bad();
    gradients$.next({ step: 1, params: ps });
    expect(updates).toHaveLength(0);
    expect(Array.from(ps[1].value.data)).toEqual([0, 0]);
    expect(reports.map((r) => [r.step, r.policy, r.paramIds])).toEqual([
      [1, 'skip', ['net/a', 'net/c']],
    ]);

    // The next finite step is Adam's first: a step of almost exactly lr against the gradient's sign.
    const good = params({ a: [1, 1], b: [1, -1], c: [1, 1] });
    gradients$.next({ step: 2, params: good });
    expect(updates.map((u) => u.step)).toEqual([2]);
    expect(good[1].value.data[1]).toBeCloseTo(0.1, 6);
  });

  it("zeroes only the offending gradients under 'zero', then clips the rest", () => {
    const reports: NonFiniteReport[] = [];
    const ps = bad();
    const { out } = run(
      clipByNorm({ maxNorm: 1, nonFinite: 'zero', onNonFinite: (r) => reports.push(r) }),
      { step: 3, params: ps },
    );
    expect(out).toHaveLength(1);
    expect(Array.from(ps[0].grad.data)).toEqual([0, 0]);
    expect(Array.from(ps[2].grad.data)).toEqual([0, 0]);
    // b = [2, 2] has norm 2√2; clipped to norm 1: each 1/√2.
    expect(ps[1].grad.data[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(reports[0]).toEqual({
      step: 3,
      operator: 'clipByNorm',
      policy: 'zero',
      paramIds: ['net/a', 'net/c'],
    });
  });

  it("clamps by value after zeroing under 'zero'", () => {
    const ps = bad();
    run(clipByValue({ clipValue: 1.5, nonFinite: 'zero' }), { step: 1, params: ps });
    expect(Array.from(ps[1].grad.data)).toEqual([1.5, 1.5]);
    expect(Array.from(ps[2].grad.data)).toEqual([0, 0]);
  });

  it('rejects a maxNorm that is not positive', () => {
    expect(() => clipByNorm({ maxNorm: 0 })).toThrow(
      "[gradstream] clipByNorm: expected 'maxNorm' to be a finite number > 0, got 0.",
    );
  });
});
