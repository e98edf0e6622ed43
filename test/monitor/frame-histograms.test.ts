import { describe, expect, it } from 'vitest';
import { binEdges, frameHistograms, histogram } from '../../src/monitor/frame-histograms.ts';
import { collect } from './collect.ts';

describe('histogram', () => {
  it('counts linear bins with underflow, overflow, zeros and non-finite values', () => {
    const binning = { scale: 'linear', min: -1, max: 1, bins: 4 } as const;
    const h = histogram([-2, -0.75, -0.5, 0, 0.25, 0.5, 0.99, 1, NaN], binning);
    expect(binEdges(binning)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(h).toEqual({ counts: [1, 1, 2, 2], underflow: 1, overflow: 1, zeros: 1, nonFinite: 1 });
  });

  it('counts |x| in log bins and keeps exact zeros out of underflow', () => {
    const binning = { scale: 'log', minExponent: -2, maxExponent: 1, bins: 3 } as const;
    const h = histogram([0, 0.001, -0.05, 0.01, 0.5, -1, 9.99, 10, 100, -Infinity], binning);
    expect(binEdges(binning)).toEqual([0.01, 0.1, 1, 10]);
    expect(h).toEqual({ counts: [2, 1, 2], underflow: 1, overflow: 2, zeros: 1, nonFinite: 1 });
  });

  it('uses half-decade bins from 1e-8 to 1e2 by default', () => {
    const [out] = collect(
      [{ name: 'g', step: 1, values: Float32Array.from([3e-8, 2e-5, 0.5]) }],
      frameHistograms(),
    );
    const h = out.histograms[0];
    expect(h.edges).toHaveLength(21);
    expect([h.edges[0], h.edges[2], h.edges[20]]).toEqual([1e-8, 1e-7, 100]);
    // 3e-8 lies in [1e-8, 10^-7.5); 2e-5 in [1e-5, 10^-4.5); 0.5 in [10^-0.5, 1).
    expect(h.counts.flatMap((c, i) => (c > 0 ? [i] : []))).toEqual([0, 6, 15]);
  });

  it('counts float32 values by their bits exactly as a search over the edges does', () => {
    // Log-uniform magnitudes over 1e-12..1e4 with both signs, plus every edge and its float32 neighbours.
    let seed = 12345;
    const uniform = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const binning = { scale: 'log', minExponent: -8, maxExponent: 2, bins: 20 } as const;
    const values: number[] = [];
    for (let i = 0; i < 5000; i++)
      values.push((uniform() < 0.5 ? -1 : 1) * 10 ** (-12 + 16 * uniform()));
    for (const e of binEdges(binning))
      values.push(e, Math.fround(e), e * (1 + 1e-7), e * (1 - 1e-7));
    values.push(0, -0, NaN, Infinity, 1e-45);
    const asFloat32 = Float32Array.from(values);
    const bySearch = histogram(Array.from(asFloat32), binning);
    expect(histogram(asFloat32, binning)).toEqual(bySearch);
    expect(bySearch.zeros).toBe(2);
    expect(bySearch.nonFinite).toBe(2);
    expect(
      bySearch.counts.reduce((a, b) => a + b, 0) + bySearch.underflow + bySearch.overflow,
    ).toBe(values.length - 4);
  });

  it('reads a Float32Array view at an offset', () => {
    const buffer = Float32Array.from([5, 0.5, 0.05, 5]);
    const view = new Float32Array(buffer.buffer, 4, 2);
    expect(
      histogram(view, { scale: 'log', minExponent: -2, maxExponent: 0, bins: 2 }).counts,
    ).toEqual([1, 1]);
  });

  it('rejects an empty range', () => {
    expect(() =>
      frameHistograms({ binning: { scale: 'linear', min: 1, max: 1, bins: 4 } }),
    ).toThrow(RangeError);
  });
});

describe('frameHistograms', () => {
  it('emits one histogram per frame of the requested kinds, on sampled steps', () => {
    const batches = [1, 2].map((step) => ({
      step,
      frames: [
        { name: 'a', step, kind: 'gradient' as const, values: [1] },
        { name: 'a', step, kind: 'weight' as const, values: [1] },
      ],
    }));
    const out = collect(batches, frameHistograms({ kinds: ['weight'], every: 2 }));
    expect(out).toHaveLength(1);
    expect(out[0].histograms.map((h) => [h.name, h.kind, h.step, h.scale])).toEqual([
      ['a', 'weight', 2, 'log'],
    ]);
  });
});
