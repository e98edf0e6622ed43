import { describe, expect, it } from 'vitest';
import { validateMonitors } from '../../src/graph/validate-monitors.ts';

describe('validateMonitors', () => {
  it('fills in the default rates when the block is absent', () => {
    expect(validateMonitors(undefined)).toEqual({
      enabled: true,
      every: 20,
      histogramEvery: 50,
      weightEvery: 50,
      unitWindow: 5,
      histograms: true,
      deadUnits: true,
      saturatedUnits: true,
      updateRatios: true,
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
      "field 'monitors.vanishing.minnorm': unknown option 'minnorm' (did you mean 'minNorm'?); 'vanishing' takes 'minNorm', 'minRatio', 'patience', 'cooldown'",
    );
    // Names Object.prototype carries are options like any other unknown one.
    for (const key of ['constructor', 'toString', 'valueOf'])
      expect(() => validateMonitors({ vanishing: { [key]: 1 } })).toThrow(
        `field 'monitors.vanishing.${key}': unknown option '${key}'`,
      );
    expect(() => validateMonitors({ exploding: { maxNorm: 'big' } })).toThrow(
      'field \'monitors.exploding.maxNorm\': expected a finite number ≥ 0, got "big"',
    );
    expect(() => validateMonitors({ exploding: 3 })).toThrow(
      "field 'monitors.exploding': expected false (off), true or an object of thresholds, got 3",
    );
    expect(() => validateMonitors({ sampling: 3 })).toThrow(
      "field 'monitors.sampling': unknown key 'sampling'; 'monitors' takes the settings",
    );
    expect(() => validateMonitors([])).toThrow(
      "field 'monitors': expected an object, got an array",
    );
  });

  it('lists every setting, monitor and detector key for an unknown key, with a guess', () => {
    expect(() => validateMonitors({ vanishng: { minNorm: 1e-7 } })).toThrow(
      "[gradstream] graph spec, field 'monitors.vanishng': unknown key 'vanishng' (did you mean " +
        "'vanishing'?); 'monitors' takes the settings 'enabled', 'every', 'histogramEvery', " +
        "'weightEvery', 'unitWindow', the monitors 'histograms', 'deadUnits', 'saturatedUnits', " +
        "'updateRatios' and the detectors 'vanishing', 'exploding', 'nonFinite', 'dyingRelus', " +
        "'saturation', 'updateRatio'",
    );
    expect(() => validateMonitors({ histogram: false })).toThrow(
      "unknown key 'histogram' (did you mean 'histograms'?)",
    );
  });

  it('guesses the option meant by a misspelt detector option', () => {
    expect(() => validateMonitors({ exploding: { maxNrom: 10 } })).toThrow(
      "field 'monitors.exploding.maxNrom': unknown option 'maxNrom' (did you mean 'maxNorm'?); " +
        "'exploding' takes 'maxNorm', 'maxRatio', 'patience', 'cooldown'",
    );
  });

  it('turns monitors and detectors off one by one', () => {
    const monitors = validateMonitors({
      histograms: false,
      updateRatios: false,
      vanishing: false,
      exploding: true,
    });
    expect(monitors).toMatchObject({ histograms: false, updateRatios: false, deadUnits: true });
    expect(monitors.detectors).toEqual({
      vanishing: false,
      exploding: {},
      nonFinite: {},
      dyingRelus: {},
      saturation: {},
      // Its input is off, so it is too.
      updateRatio: false,
    });
  });

  it('names the detector whose monitor is off when the spec still sets it', () => {
    expect(() => validateMonitors({ deadUnits: false, dyingRelus: { maxFraction: 0.5 } })).toThrow(
      "field 'monitors.dyingRelus': 'dyingRelus' reads 'deadUnits', which is false; drop 'dyingRelus' or set 'deadUnits' back to true",
    );
    expect(() => validateMonitors({ histograms: 'no' })).toThrow(
      'field \'monitors.histograms\': expected true or false, got "no"',
    );
  });

  it.each([
    ['vanishing', 'patience', 0, 'an integer ≥ 1'],
    ['exploding', 'patience', 2.5, 'an integer ≥ 1'],
    ['nonFinite', 'cooldown', -1, 'an integer ≥ 0'],
    ['updateRatio', 'cooldown', 0.5, 'an integer ≥ 0'],
    ['dyingRelus', 'maxFraction', 5, 'a finite number ≥ 0 and ≤ 1'],
    ['saturation', 'maxValueFraction', 1.5, 'a finite number ≥ 0 and ≤ 1'],
    ['vanishing', 'minNorm', -1e-6, 'a finite number ≥ 0'],
  ])('rejects %s.%s = %s, naming the field', (detector, key, value, expected) => {
    expect(() => validateMonitors({ [detector]: { [key]: value } })).toThrow(
      `field 'monitors.${detector}.${key}': expected ${expected}, got ${value}`,
    );
  });

  it('accepts the edges of each range', () => {
    const monitors = validateMonitors({
      dyingRelus: { maxFraction: 1, patience: 1, cooldown: 0 },
      saturation: { maxFraction: 0, maxValueFraction: 1 },
    });
    expect(monitors.detectors.dyingRelus).toEqual({ maxFraction: 1, patience: 1, cooldown: 0 });
  });

  it('rejects an update-ratio range whose low end is above its high end', () => {
    expect(() => validateMonitors({ updateRatio: { low: 0.1, high: 0.01 } })).toThrow(
      "field 'monitors.updateRatio.low': expected low ≤ high, got low 0.1 and high 0.01",
    );
  });

  it('accepts a weightEvery and histogramEvery that every does not divide', () => {
    // defaultMonitors samples each at its own rate (test/monitor/default-monitors.test.ts).
    expect(validateMonitors({ every: 7, weightEvery: 50, histogramEvery: 30 })).toMatchObject({
      every: 7,
      weightEvery: 50,
      histogramEvery: 30,
    });
  });
});
