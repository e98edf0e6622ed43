import { readFileSync } from 'node:fs';
import { Subject, type OperatorFunction } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { adagrad } from '../../src/optim/adagrad.ts';
import { adam } from '../../src/optim/adam.ts';
import { adamw } from '../../src/optim/adamw.ts';
import type { GradientBundle, ParamGradient, UpdateBundle } from '../../src/optim/gradients.ts';
import { optimizerDefinitions } from '../../src/optim/registry.ts';
import { rmsprop } from '../../src/optim/rmsprop.ts';
import { sgd } from '../../src/optim/sgd.ts';
import { tensor } from '../../src/tensor/tensor.ts';

interface OptimizerCase {
  op: string;
  options: Record<string, number | boolean>;
  shapes: Record<string, number[]>;
  initial: Record<string, number[]>;
  grads: Record<string, number[]>[];
  params: Record<string, number[]>[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8'),
) as {
  optimizers: OptimizerCase[];
};

/** Makes parameters named as in the fixture, all on node 'net'. */
function makeParams(
  shapes: Record<string, number[]>,
  initial: Record<string, number[]>,
): ParamGradient[] {
  return Object.entries(shapes).map(([name, shape]) => ({
    id: `net/${name}`,
    nodeId: 'net',
    name,
    value: tensor(shape, Float32Array.from(initial[name])),
    grad: tensor(shape),
  }));
}

/** Feeds the fixture's gradients through an optimizer operator, checking params after each step. */
function replay(
  operator: OperatorFunction<GradientBundle, UpdateBundle>,
  c: OptimizerCase,
): number {
  const params = makeParams(c.shapes, c.initial);
  const gradients$ = new Subject<GradientBundle>();
  const updates: UpdateBundle[] = [];
  gradients$.pipe(operator).subscribe((u) => updates.push(u));
  let worst = 0;
  c.grads.forEach((grads, step) => {
    for (const p of params) p.grad.data.set(grads[p.name]);
    gradients$.next({ step: step + 1, params });
    for (const p of params) {
      const expected = c.params[step][p.name];
      p.value.data.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - expected[i]) / (1e-3 + Math.abs(expected[i])));
      });
    }
  });
  expect(updates.map((u) => u.step)).toEqual(c.grads.map((_, i) => i + 1));
  return worst;
}

const label = (c: OptimizerCase): string => `${c.op} ${JSON.stringify(c.options)}`;

describe('optimizers against torch.optim (float64 reference, 6 steps)', () => {
  it.each(fixture.optimizers.map((c) => [label(c), c] as const))('%s matches torch', (_, c) => {
    const definition = optimizerDefinitions.get(c.op);
    expect(definition).toBeDefined();
    // Float32 state against float64 torch: errors are ~1e-7 relative, dampened momentum ~6e-6.
    const worst = replay(definition!.create({ ...defaultsOf(c.op), ...c.options }), c);
    expect(worst).toBeLessThan(1e-5);
  });

  it('tells the variants apart: AMSGrad, centred RMSprop and Nesterov are off by far more', () => {
    const find = (op: string, key: string): OptimizerCase =>
      fixture.optimizers.find((c) => c.op === op && key in c.options)!;
    const without = (c: OptimizerCase, key: string): Record<string, number | boolean | string> => ({
      ...defaultsOf(c.op),
      ...c.options,
      [key]: false,
    });
    for (const [op, key] of [
      ['adam', 'amsgrad'],
      ['rmsprop', 'centered'],
      ['sgd', 'nesterov'],
    ] as const) {
      const c = find(op, key);
      expect(replay(optimizerDefinitions.get(op)!.create(without(c, key)), c)).toBeGreaterThan(
        1e-4,
      );
    }
  });

  it('covers every optimizer at least once', () => {
    expect(new Set(fixture.optimizers.map((c) => c.op))).toEqual(
      new Set(['sgd', 'rmsprop', 'adam', 'adamw', 'adagrad']),
    );
  });
});

describe('node-style optimizer functions', () => {
  const functions = { sgd, rmsprop, adam, adamw, adagrad } as Record<
    string,
    (o: never) => OperatorFunction<GradientBundle, UpdateBundle>
  >;
  it.each(fixture.optimizers.map((c) => [label(c), c] as const))(
    '%s matches torch when built in code',
    (_, c) => {
      expect(replay(functions[c.op](c.options as never), c)).toBeLessThan(1e-5);
    },
  );
});

function defaultsOf(op: string): Record<string, number | boolean | string> {
  const rules = optimizerDefinitions.get(op)!.params;
  return Object.fromEntries(
    Object.entries(rules).map(([k, r]) => [k, r.default as number | boolean | string]),
  );
}

function oneParam(w: number): ParamGradient {
  return {
    id: 'n/w',
    nodeId: 'n',
    name: 'w',
    value: tensor([1], Float32Array.from([w])),
    grad: tensor([1]),
  };
}

function stepWith(
  operator: OperatorFunction<GradientBundle, UpdateBundle>,
  param: ParamGradient,
  grads: number[],
): number[] {
  const gradients$ = new Subject<GradientBundle>();
  gradients$.pipe(operator).subscribe();
  return grads.map((g, i) => {
    param.grad.data[0] = g;
    gradients$.next({ step: i + 1, params: [param] });
    return param.value.data[0];
  });
}

describe('hand-worked steps', () => {
  it('takes one Adam step of almost exactly lr', () => {
    // w = 1, g = 0.5, lr = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8:
    // m = 0.1·0.5 = 0.05, v = 0.001·0.25 = 0.00025; m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25;
    // w ← 1 − 0.1·0.5/(√0.25 + 1e-8) = 1 − 0.1·0.5/0.50000001 ≈ 0.9 (to 2e-9).
    const [w] = stepWith(adam({ lr: 0.1 }), oneParam(1), [0.5]);
    expect(w).toBeCloseTo(0.9, 6);
  });

  it('adds eps to √v̂, not under the root, in both Adam code paths', () => {
    // w = 1, g = 0.5, lr = 0.1, ε = 1: m̂ = 0.5, v̂ = 0.25, w ← 1 − 0.1·0.5/(0.5 + 1) = 29/30
    // (ε under the root would give 1 − 0.05/√1.25 ≈ 0.9553). AMSGrad's first step equals Adam's.
    for (const amsgrad of [false, true]) {
      const [w] = stepWith(adam({ lr: 0.1, eps: 1, amsgrad }), oneParam(1), [0.5]);
      expect(w, `amsgrad ${amsgrad}`).toBeCloseTo(29 / 30, 6);
    }
  });

  it('takes two SGD-momentum steps as worked by hand', () => {
    // w = 1, lr = 0.1, μ = 0.9, g = 0.5 twice:
    // step 1: b = g = 0.5 (no dampening on the first step), w = 1 − 0.1·0.5 = 0.95;
    // step 2: b = 0.9·0.5 + 0.5 = 0.95, w = 0.95 − 0.1·0.95 = 0.855.
    const ws = stepWith(sgd({ lr: 0.1, momentum: 0.9 }), oneParam(1), [0.5, 0.5]);
    expect(ws[0]).toBeCloseTo(0.95, 6);
    expect(ws[1]).toBeCloseTo(0.855, 6);
  });

  it('decays AdamW weights by lr·λ·w before the Adam step', () => {
    // g = 0: m = v = 0, so the Adam step is 0 and only the decay acts: w = 2·(1 − 0.1·0.5) = 1.9.
    const [w] = stepWith(adamw({ lr: 0.1, weightDecay: 0.5 }), oneParam(2), [0]);
    expect(w).toBeCloseTo(1.9, 6);
  });
});

describe('optimizer learning-rate streams', () => {
  it('uses the latest rate of a stream at each step and reports it', () => {
    const lr$ = new Subject<number>();
    const param = oneParam(1);
    const gradients$ = new Subject<GradientBundle>();
    const rates: number[] = [];
    gradients$.pipe(sgd({ lr: lr$ })).subscribe((u) => rates.push(u.lr));
    lr$.next(0.5);
    param.grad.data[0] = 1;
    gradients$.next({ step: 1, params: [param] });
    lr$.next(0.25);
    lr$.next(0.125);
    gradients$.next({ step: 2, params: [param] });
    expect(rates).toEqual([0.5, 0.125]);
    expect(param.value.data[0]).toBeCloseTo(1 - 0.5 - 0.125, 6);
  });

  it('errors the stream when the rate stream has not emitted yet', () => {
    const gradients$ = new Subject<GradientBundle>();
    let message = '';
    gradients$
      .pipe(adam({ lr: new Subject<number>() }))
      .subscribe({ error: (e: Error) => (message = e.message) });
    gradients$.next({ step: 1, params: [oneParam(1)] });
    expect(message).toMatch(
      /^\[gradstream\] adam: the learning-rate stream had not emitted by step 1/,
    );
  });

  it('rejects Nesterov without momentum as PyTorch does', () => {
    expect(() => sgd({ lr: 0.1, nesterov: true })).toThrow(
      /\[gradstream\] sgd: Nesterov momentum needs momentum > 0/,
    );
  });
});
