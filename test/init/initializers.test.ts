import { describe, expect, it } from 'vitest';
import { calculateGain } from '../../src/init/gain.ts';
import { initializerNames, initializers, type InitOptions } from '../../src/init/initializers.ts';
import { createRandom } from '../../src/tensor/random.ts';

const SIZE = 120_000;

function draw(
  name: string,
  fans = { fanIn: 300, fanOut: 400 },
  options?: InitOptions,
  seed = 11,
): Float32Array {
  const values = new Float32Array(SIZE);
  initializers[name](values, fans, createRandom(seed), options);
  return values;
}

function moments(values: Float32Array): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length), min, max };
}

/** Gram matrix of the rows (rows ≤ cols) or of the columns, in double precision. */
function gram(w: Float32Array, rows: number, cols: number): number[][] {
  const byRows = rows <= cols;
  const n = byRows ? rows : cols;
  const len = byRows ? cols : rows;
  const at = (v: number, i: number): number => (byRows ? w[v * cols + i] : w[i * cols + v]);
  const g: number[][] = [];
  for (let a = 0; a < n; a++) {
    g.push([]);
    for (let b = 0; b < n; b++) {
      let s = 0;
      for (let i = 0; i < len; i++) s += at(a, i) * at(b, i);
      g[a].push(s);
    }
  }
  return g;
}

describe('calculateGain', () => {
  it.each([
    ['linear', undefined, 1],
    ['sigmoid', undefined, 1],
    ['tanh', undefined, 5 / 3],
    ['relu', undefined, Math.SQRT2],
    ['leakyRelu', undefined, 1.4141428569978354],
    ['leakyRelu', 0.2, 1.3867504905630728],
    ['selu', undefined, 0.75],
  ] as const)('gives PyTorch’s gain for %s (slope %s)', (name, slope, expected) => {
    expect(calculateGain(name, slope)).toBeCloseTo(expected, 14);
  });

  it('rejects an unknown nonlinearity', () => {
    expect(() => calculateGain('swish' as never)).toThrow(
      /\[gradstream\] calculateGain: unknown nonlinearity 'swish'/,
    );
  });
});

describe('initializers', () => {
  it('keeps every name older specs use', () => {
    for (const name of [
      'zeros',
      'glorot-uniform',
      'glorot-normal',
      'xavier-uniform',
      'xavier-normal',
      'he-uniform',
      'he-normal',
      'kaiming-uniform',
      'kaiming-normal',
    ]) {
      expect(initializerNames).toContain(name);
    }
  });

  it('fills zeros and constants exactly', () => {
    expect(draw('zeros').every((v) => v === 0)).toBe(true);
    expect(draw('constant', undefined, { value: 0.25 }).every((v) => v === 0.25)).toBe(true);
    expect(draw('constant').every((v) => v === 0)).toBe(true);
  });

  // [name, options, expected std, bound for uniform draws (or undefined), expected mean]
  const fans = { fanIn: 300, fanOut: 400 };
  it.each([
    ['uniform', {}, Math.sqrt(1 / 12), [0, 1], 0.5],
    ['uniform', { low: -2, high: 4 }, 6 / Math.sqrt(12), [-2, 4], 1],
    ['normal', {}, 1, undefined, 0],
    ['normal', { mean: 3, std: 0.5 }, 0.5, undefined, 3],
    ['glorot-uniform', {}, Math.sqrt(2 / 700), [-Math.sqrt(6 / 700), Math.sqrt(6 / 700)], 0],
    [
      'xavier-uniform',
      { nonlinearity: 'tanh' },
      (5 / 3) * Math.sqrt(2 / 700),
      [-(5 / 3) * Math.sqrt(6 / 700), (5 / 3) * Math.sqrt(6 / 700)],
      0,
    ],
    ['glorot-normal', {}, Math.sqrt(2 / 700), undefined, 0],
    ['xavier-normal', { gain: 3 }, 3 * Math.sqrt(2 / 700), undefined, 0],
    ['he-uniform', {}, Math.sqrt(2 / 300), [-Math.sqrt(6 / 300), Math.sqrt(6 / 300)], 0],
    [
      'kaiming-uniform',
      { mode: 'fanOut' },
      Math.sqrt(2 / 400),
      [-Math.sqrt(6 / 400), Math.sqrt(6 / 400)],
      0,
    ],
    ['he-normal', {}, Math.sqrt(2 / 300), undefined, 0],
    [
      'kaiming-normal',
      { mode: 'fanOut', nonlinearity: 'leakyRelu', slope: 0.2 },
      1.3867504905630728 / Math.sqrt(400),
      undefined,
      0,
    ],
    ['kaiming-normal', { nonlinearity: 'linear' }, 1 / Math.sqrt(300), undefined, 0],
    ['lecun-normal', {}, 1 / Math.sqrt(300), undefined, 0],
  ] as const)(
    'draws %s %o with the expected mean, spread and bounds',
    (name, options, std, bounds, mean) => {
      const m = moments(draw(name, fans, options as InitOptions));
      // The sample mean's standard error is std/√n ≈ 0.003·std; 5 of those is a safe margin.
      expect(Math.abs(m.mean - mean)).toBeLessThan((5 * std) / Math.sqrt(SIZE));
      expect(m.std / std).toBeGreaterThan(0.99);
      expect(m.std / std).toBeLessThan(1.01);
      if (bounds) {
        expect(m.min).toBeGreaterThanOrEqual(Math.fround(bounds[0]));
        expect(m.max).toBeLessThanOrEqual(Math.fround(bounds[1]));
        // The draws reach close to both ends.
        expect(m.min).toBeLessThan(bounds[0] + 0.001 * (bounds[1] - bounds[0]));
        expect(m.max).toBeGreaterThan(bounds[1] - 0.001 * (bounds[1] - bounds[0]));
      }
    },
  );

  it.each(initializerNames)('draws %s deterministically from the seed', (name) => {
    const a = new Float32Array(64 * 48);
    const b = new Float32Array(64 * 48);
    const c = new Float32Array(64 * 48);
    initializers[name](a, { fanIn: 48, fanOut: 64 }, createRandom(5));
    initializers[name](b, { fanIn: 48, fanOut: 64 }, createRandom(5));
    initializers[name](c, { fanIn: 48, fanOut: 64 }, createRandom(6));
    expect(b).toEqual(a);
    if (name !== 'zeros' && name !== 'constant') expect(c).not.toEqual(a);
  });
});

describe('orthogonal', () => {
  it.each([
    [64, 64],
    [32, 100],
    [100, 32],
    [1, 5],
    [5, 1],
  ])('gives orthonormal rows or columns for a [%i, %i] weight', (rows, cols) => {
    const w = new Float32Array(rows * cols);
    initializers.orthogonal(w, { fanIn: cols, fanOut: rows }, createRandom(3));
    const g = gram(w, rows, cols);
    let worst = 0;
    g.forEach((row, a) =>
      row.forEach((v, b) => (worst = Math.max(worst, Math.abs(v - (a === b ? 1 : 0))))),
    );
    expect(worst).toBeLessThan(1e-5);
  });

  it('scales by the gain of the nonlinearity', () => {
    const w = new Float32Array(16 * 16);
    initializers.orthogonal(w, { fanIn: 16, fanOut: 16 }, createRandom(3), {
      nonlinearity: 'tanh',
    });
    expect(gram(w, 16, 16)[4][4]).toBeCloseTo((5 / 3) ** 2, 5);
  });

  it('takes signs so that R = QᵀA has a positive diagonal, as PyTorch', () => {
    const rows = 40;
    const cols = 12;
    const w = new Float32Array(rows * cols);
    initializers.orthogonal(w, { fanIn: cols, fanOut: rows }, createRandom(9));
    // Redraw the same normal matrix A, row-major [rows, cols].
    const random = createRandom(9);
    const a = Array.from({ length: rows * cols }, () => random.normal());
    for (let i = 0; i < cols; i++) {
      for (let j = 0; j < cols; j++) {
        let r = 0;
        for (let k = 0; k < rows; k++) r += w[k * cols + i] * a[k * cols + j];
        if (i === j) expect(r).toBeGreaterThan(0);
        if (i > j) expect(Math.abs(r)).toBeLessThan(1e-4);
      }
    }
  });

  it('rejects a weight that is not a whole number of fanIn rows', () => {
    expect(() =>
      initializers.orthogonal(new Float32Array(10), { fanIn: 3, fanOut: 3 }, createRandom(1)),
    ).toThrow(/\[gradstream\] initializer 'orthogonal'/);
  });
});
