import { describe, expect, it } from 'vitest';
import { validateMonitors } from '../../src/graph/validate-monitors.ts';

describe('validateMonitors', () => {
  it('fills in the default rates when the block is absent', () => {
    expect(validateMonitors(undefined)).toEqual({
      enabled: true,
      every: 20,
      histogramEvery: 50,
      weightEvery: 50,
      unitWindow: 10,
      detectors: {
        vanishing: {},
        exploding: {},
        nonFinite: {},
        dyingRelus: {},
        saturation: {},
        updateRatio: {},
      },
    });
  });

  it('passes detector thresholds through', () => {
    const monitors = validateMonitors({
      every: 5,
      vanishing: { minNorm: 1e-7, patience: 2 },
      updateRatio: { high: 0.1 },
    });
    expect(monitors.every).toBe(5);
    expect(monitors.detectors.vanishing).toEqual({ minNorm: 1e-7, patience: 2 });
    expect(monitors.detectors.updateRatio).toEqual({ high: 0.1 });
  });

  it('names the field of a bad rate, an unknown option and a bad threshold', () => {
    expect(() => validateMonitors({ every: 0 })).toThrow(
      "field 'monitors.every': expected an integer ≥ 1, got 0",
    );
    expect(() => validateMonitors({ vanishing: { minnorm: 1 } })).toThrow(
      "field 'monitors.vanishing.minnorm': unknown option 'minnorm'; 'vanishing' takes 'minNorm', 'minRatio', 'patience', 'cooldown'",
    );
    expect(() => validateMonitors({ exploding: { maxNorm: 'big' } })).toThrow(
      'field \'monitors.exploding.maxNorm\': expected a finite number ≥ 0, got "big"',
    );
    expect(() => validateMonitors({ sampling: 3 })).toThrow(
      "field 'monitors.sampling': unknown parameter 'sampling'",
    );
    expect(() => validateMonitors([])).toThrow(
      "field 'monitors': expected an object, got an array",
    );
  });
});
