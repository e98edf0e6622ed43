import { readFileSync } from 'node:fs';
import { Subject, type Observable, type OperatorFunction } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/graph/params.ts';
import type { GradientBundle, ParamGradient } from '../../src/optim/gradients.ts';
import { scheduleDefinitions } from '../../src/optim/registry.ts';
import { cosineAnnealing } from '../../src/optim/schedules/cosine-annealing.ts';
import { exponentialDecay } from '../../src/optim/schedules/exponential-decay.ts';
import { linearWarmup } from '../../src/optim/schedules/linear-warmup.ts';
import { reduceOnPlateau } from '../../src/optim/schedules/reduce-on-plateau.ts';
import type { Schedule } from '../../src/optim/schedules/schedule.ts';
import { stepDecay } from '../../src/optim/schedules/step-decay.ts';
import { sgd } from '../../src/optim/sgd.ts';
import { tensor } from '../../src/tensor/tensor.ts';

interface ScheduleCase {
  op: string;
  lr: number;
  params: Record<string, unknown>;
  then?: { op: string; params: Record<string, unknown> };
  losses?: number[];
  values: number[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8'),
) as {
  schedules: ScheduleCase[];
};

/** Builds a schedule the way a spec does: parameters resolved with their defaults. */
function build(
  c: { op: string; params: Record<string, unknown>; then?: ScheduleCase['then'] },
  lr: number,
): Schedule | OperatorFunction<number, number> {
  const definition = scheduleDefinitions.get(c.op)!;
  const params = resolveParams(c.params, definition.params, { field: 'schedule.params', op: c.op });
  if (definition.drivenBy === 'loss') return definition.create(params, lr);
  const then = c.then === undefined ? undefined : (build(c.then, lr) as Schedule);
  return definition.create(params, lr, then);
}

/** The rates a rate stream emits while `drive` runs. */
function collect(rate$: Observable<number>, drive: () => void): number[] {
  const rates: number[] = [];
  const subscription = rate$.subscribe((r) => rates.push(r));
  drive();
  subscription.unsubscribe();
  return rates;
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) =>
    expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(1e-12 * Math.abs(expected[i]) + 1e-15),
  );
}

const label = (c: ScheduleCase): string =>
  `${c.op}${c.then ? `→${c.then.op}` : ''} ${JSON.stringify(c.params)}`;

describe('schedules against torch.optim.lr_scheduler (20 steps, lr 0.1)', () => {
  it.each(fixture.schedules.map((c) => [label(c), c] as const))(
    '%s gives torch’s rate at every step',
    (_, c) => {
      const steps$ = new Subject<number>();
      const losses$ = new Subject<number>();
      const operator = build(c, c.lr);
      const rate$ =
        c.losses === undefined
          ? steps$.pipe(operator as Schedule)
          : losses$.pipe(operator as OperatorFunction<number, number>);
      // The rate in force at step k is the one after k − 1 scheduler steps: drive 19 times for 20 rates.
      const rates = collect(rate$, () => {
        for (let k = 0; k < c.values.length - 1; k++) {
          if (c.losses === undefined) steps$.next(k);
          else losses$.next(c.losses[k]);
        }
      });
      expectClose(rates, c.values);
    },
  );
});

describe('schedule closed forms', () => {
  it('decays in steps: lr·γ^⌊t/stepSize⌋', () => {
    expect([0, 2, 3, 5, 6].map(stepDecay({ lr: 1, stepSize: 3, gamma: 0.5 }).rateAt)).toEqual([
      1, 1, 0.5, 0.5, 0.25,
    ]);
  });

  it('decays exponentially: lr·γᵗ', () => {
    expect(exponentialDecay({ lr: 2, gamma: 0.5 }).rateAt(3)).toBe(0.25);
  });

  it('reaches etaMin at tMax and the middle at tMax/2', () => {
    const s = cosineAnnealing({ lr: 1, tMax: 10, etaMin: 0.2 });
    expect(s.rateAt(10)).toBeCloseTo(0.2, 12);
    expect(s.rateAt(5)).toBeCloseTo(0.6, 12);
  });

  it('warms up linearly, then hands over to the next schedule counting from its own zero', () => {
    const s = linearWarmup({
      steps: 4,
      startFactor: 0.25,
      then: exponentialDecay({ lr: 1, gamma: 0.5 }),
    });
    expect([0, 1, 2, 3, 4, 5, 6].map(s.rateAt)).toEqual([
      0.25, 0.4375, 0.625, 0.8125, 1, 0.5, 0.25,
    ]);
  });

  it('hands over at t = steps even when endFactor is not 1, as SequentialLR does', () => {
    // torch: SequentialLR([LinearLR(0.5, 0.8, total_iters=2), ExponentialLR(0.5)], milestones=[2])
    // with lr 1 gives 0.5, 0.65, 1, 0.5, 0.25: at the milestone the next schedule starts at its lr.
    const s = linearWarmup({
      steps: 2,
      startFactor: 0.5,
      endFactor: 0.8,
      then: exponentialDecay({ lr: 1, gamma: 0.5 }),
    });
    [0.5, 0.65, 1, 0.5, 0.25].forEach((v, t) => expect(s.rateAt(t), `t = ${t}`).toBeCloseTo(v, 12));
  });

  it('restarts its count for each subscription', () => {
    const steps$ = new Subject<void>();
    const s = stepDecay({ lr: 1, stepSize: 1, gamma: 0.5 });
    expect(collect(steps$.pipe(s), () => steps$.next())).toEqual([1, 0.5]);
    expect(collect(steps$.pipe(s), () => steps$.next())).toEqual([1, 0.5]);
  });

  it('rejects options out of range with the schedule and option named', () => {
    expect(() => stepDecay({ lr: 1, stepSize: 0 })).toThrow(
      "[gradstream] stepDecay: expected 'stepSize' to be an integer ≥ 1, got 0.",
    );
    expect(() => linearWarmup({ steps: 3 })).toThrow(/\[gradstream\] linearWarmup: give 'lr'/);
    expect(() => reduceOnPlateau({ lr: 1, factor: 1 })).toThrow(/'factor' to be in \[0, 1\)/);
  });
});

describe('schedules driving an optimizer', () => {
  const param = (): ParamGradient => ({
    id: 'n/w',
    nodeId: 'n',
    name: 'w',
    value: tensor([1]),
    grad: tensor([1], Float32Array.from([1])),
  });

  it('steps per optimizer step when driven by the optimizer’s own updates', () => {
    // The torch loop `optimizer.step(); scheduler.step()`: the k-th update moves the rate to rateAt(k).
    const gradients$ = new Subject<GradientBundle>();
    const stepped$ = new Subject<number>();
    const rates: number[] = [];
    gradients$
      .pipe(sgd({ lr: stepped$.pipe(stepDecay({ lr: 0.1, stepSize: 2, gamma: 0.5 })) }))
      .subscribe((u) => {
        rates.push(u.lr);
        stepped$.next(u.step);
      });
    const p = param();
    for (let step = 1; step <= 5; step++) gradients$.next({ step, params: [p] });
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(p.value.data[0]).toBeCloseTo(-(0.1 + 0.1 + 0.05 + 0.05 + 0.025), 6);
  });

  it('steps per epoch when driven by an epoch stream', () => {
    const gradients$ = new Subject<GradientBundle>();
    const epochEnds$ = new Subject<number>();
    const rates: number[] = [];
    gradients$
      .pipe(sgd({ lr: epochEnds$.pipe(exponentialDecay({ lr: 1, gamma: 0.5 })) }))
      .subscribe((u) => rates.push(u.lr));
    const p = param();
    for (let epoch = 0; epoch < 3; epoch++) {
      for (let i = 0; i < 2; i++) gradients$.next({ step: epoch * 2 + i + 1, params: [p] });
      epochEnds$.next(epoch);
    }
    expect(rates).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });
});
