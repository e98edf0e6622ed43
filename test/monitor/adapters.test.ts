import { describe, expect, it } from 'vitest';
import { fromActivations } from '../../src/monitor/from-activations.ts';
import { framesFromGradients } from '../../src/monitor/from-gradient-bundle.ts';
import { framesFromUpdates } from '../../src/monitor/from-update-bundle.ts';
import { collect } from './collect.ts';

const param = {
  id: 'dense-1/weight',
  nodeId: 'dense-1',
  value: { data: [1, 2], shape: [1, 2] },
  grad: { data: [0.1, 0.2], shape: [1, 2] },
};

describe('framesFromGradients', () => {
  it('makes a gradient and a weight frame per parameter, grouped by node id', () => {
    expect(framesFromGradients({ step: 3, params: [param] })).toEqual({
      step: 3,
      frames: [
        {
          name: 'dense-1/weight',
          step: 3,
          layer: 'dense-1',
          kind: 'gradient',
          values: [0.1, 0.2],
          shape: [1, 2],
        },
        {
          name: 'dense-1/weight',
          step: 3,
          layer: 'dense-1',
          kind: 'weight',
          values: [1, 2],
          shape: [1, 2],
        },
      ],
    });
  });

  it('leaves out weights when asked', () => {
    expect(
      framesFromGradients({ step: 1, params: [param] }, { weights: false }).frames.map(
        (f) => f.kind,
      ),
    ).toEqual(['gradient']);
  });
});

describe('framesFromUpdates', () => {
  it('makes an update and a weight frame per parameter', () => {
    const batch = framesFromUpdates({
      step: 2,
      updates: [{ param, delta: { data: [0.01, 0], shape: [1, 2] } }],
    });
    expect(batch.frames.map((f) => [f.kind, f.name, f.layer, f.values])).toEqual([
      ['update', 'dense-1/weight', 'dense-1', [0.01, 0]],
      ['weight', 'dense-1/weight', 'dense-1', [1, 2]],
    ]);
  });
});

describe('fromActivations', () => {
  it('names frames by node and drops evaluation passes', () => {
    const frames = [
      { step: 1, mode: 'train', tensor: { data: [1, 0], shape: [1, 2] } },
      { step: 1, mode: 'eval', tensor: { data: [5, 5], shape: [1, 2] } },
      { step: 2, tensor: { data: [0, 0], shape: [1, 2] } },
    ];
    const out = collect(frames, fromActivations('relu-1'));
    expect(out.map((f) => [f.name, f.layer, f.kind, f.step, f.values])).toEqual([
      ['relu-1', 'relu-1', 'activation', 1, [1, 0]],
      ['relu-1', 'relu-1', 'activation', 2, [0, 0]],
    ]);
  });
});
