import { describe, expect, it } from 'vitest';
import { createRandom, shuffleInPlace } from '../../src/tensor/random.ts';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRandom(seed).uniform);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = createRandom(1);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      if (u < 0 || u >= 1) outside++;
      sum += u;
      sumSquares += u * u;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sumSquares / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals with mean 0 and variance 1', () => {
    const random = createRandom(2);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      sum += z;
      sumSquares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(sumSquares / n).toBeCloseTo(1, 1);
  });

  it('forks generators that differ from the parent and from each other', () => {
    const parent = createRandom(3);
    const a = parent.fork();
    const b = parent.fork();
    expect(a.uniform()).not.toBe(b.uniform());
  });
});

describe('shuffleInPlace', () => {
  it('permutes every index exactly once, deterministically by seed', () => {
    const order = Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(order, createRandom(9));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const again = Array.from({ length: 50 }, (_, i) => i);
    shuffleInPlace(again, createRandom(9));
    expect(again).toEqual(order);
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
