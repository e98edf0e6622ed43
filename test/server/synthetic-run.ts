import {
  PROTOCOL_VERSION,
  type HelloMessage,
  type PublishedMessage,
  type WireNode,
} from '../../src/server/protocol.ts';
import { createRandom, type Random } from '../../src/tensor/random.ts';

const v = PROTOCOL_VERSION;
const BINS = 32;

/** A made-up but realistic run: an MLP whose second ReLU slowly dies, told in protocol messages. */
export interface SyntheticRun {
  readonly hello: HelloMessage;
  /** Every message of one step: step, layers, health, histograms every 5 steps, one alert at step 60. */
  messagesAt(step: number): PublishedMessage[];
}

const NODES: readonly WireNode[] = [
  { id: 'input', op: 'input', inputs: [], outputShape: [784], params: [] },
  {
    id: 'dense-1',
    op: 'dense',
    inputs: ['input'],
    outputShape: [256],
    params: [
      { id: 'dense-1/weight', shape: [784, 256] },
      { id: 'dense-1/bias', shape: [256] },
    ],
  },
  { id: 'relu-1', op: 'relu', inputs: ['dense-1'], outputShape: [256], params: [] },
  {
    id: 'dense-2',
    op: 'dense',
    inputs: ['relu-1'],
    outputShape: [128],
    params: [
      { id: 'dense-2/weight', shape: [256, 128] },
      { id: 'dense-2/bias', shape: [128] },
    ],
  },
  { id: 'relu-2', op: 'relu', inputs: ['dense-2'], outputShape: [128], params: [] },
  {
    id: 'dense-3',
    op: 'dense',
    inputs: ['relu-2'],
    outputShape: [10],
    params: [
      { id: 'dense-3/weight', shape: [128, 10] },
      { id: 'dense-3/bias', shape: [10] },
    ],
  },
];

/** Builds a seeded synthetic run; the same seed gives the same messages. */
export function syntheticRun(runId: string, name: string, seed = 1): SyntheticRun {
  const random = createRandom(seed);
  const noise = (scale: number): number => 1 + scale * (random.uniform() * 2 - 1);
  const hello: HelloMessage = {
    v,
    type: 'hello',
    runId,
    name,
    graph: { nodes: NODES },
    epochs: 2,
    stepsPerEpoch: 100,
  };
  const dense = ['dense-1', 'dense-2', 'dense-3'];

  return {
    hello,
    messagesAt(step) {
      const t = step / 100;
      const loss = (2.3 * Math.exp(-3 * t) + 0.15) * noise(0.08);
      const out: PublishedMessage[] = [
        {
          v,
          type: 'step',
          runId,
          step,
          epoch: 1 + Math.floor(step / 100),
          loss,
          accuracy: Math.min(0.99, 1 - loss / 2.5),
        },
        {
          v,
          type: 'layers',
          runId,
          step,
          params: dense.flatMap((nodeId, i) => {
            const norm = 0.5 * Math.exp(-t) * 10 ** -i * noise(0.2);
            return ['weight', 'bias'].map((p) => ({
              id: `${nodeId}/${p}`,
              nodeId,
              norm: p === 'bias' ? norm / 8 : norm,
              mean: 0,
              std: norm / 50,
              maxAbs: norm / 5,
              zeroFraction: 0,
              nonFinite: 0,
            }));
          }),
          activations: ['relu-1', 'relu-2'].map((nodeId, i) => ({
            nodeId,
            mean: 0.3,
            std: 0.5,
            zeroFraction: 0.45 + i * 0.3 * t,
          })),
        },
        {
          v,
          type: 'health',
          runId,
          step,
          layers: [
            { nodeId: 'relu-1', deadFraction: 0.02 * noise(0.3), saturatedFraction: 0 },
            {
              nodeId: 'relu-2',
              deadFraction: Math.min(0.9, 0.05 + 0.5 * t) * noise(0.05),
              saturatedFraction: 0,
            },
            ...dense.map((nodeId, i) => ({
              nodeId,
              updateRatio: 1e-3 * Math.exp(-t) * 3 ** -i * noise(0.25),
            })),
          ],
        },
      ];
      if (step % 5 === 0) out.push(...histograms(runId, step, t, random));
      if (step === 60) {
        out.push({
          v,
          type: 'alert',
          runId,
          step,
          kind: 'dying-relu',
          layer: 'relu-2',
          severity: 'warning',
          message: '35% of the units of relu-2 output zero for every sample of the last 50 steps.',
          evidence: { deadFraction: 0.35, threshold: 0.25, window: 50 },
          mitigation:
            'lower the learning rate, use He initialisation, or try leakyRelu (alpha 0.01)',
        });
      }
      return out;
    },
  };
}

function histograms(runId: string, step: number, t: number, random: Random): PublishedMessage[] {
  const out: PublishedMessage[] = [];
  for (const [nodeId, scale] of [
    ['dense-1', 0.05],
    ['dense-2', 0.08],
    ['dense-3', 0.2],
  ] as const) {
    out.push(
      gaussianHistogram(runId, step, nodeId, 'gradient', 0, scale * 0.02 * Math.exp(-t), random),
    );
    out.push(gaussianHistogram(runId, step, nodeId, 'weight', 0, scale * (1 + 0.5 * t), random));
  }
  for (const nodeId of ['relu-1', 'relu-2'])
    out.push(gaussianHistogram(runId, step, nodeId, 'activation', 0.5, 0.4 + t, random));
  return out;
}

function gaussianHistogram(
  runId: string,
  step: number,
  nodeId: string,
  kind: 'gradient' | 'weight' | 'activation',
  mean: number,
  std: number,
  random: Random,
): PublishedMessage {
  const min = kind === 'activation' ? 0 : mean - 4 * std;
  const max = mean + 4 * std;
  const width = (max - min) / BINS;
  const counts = Array.from({ length: BINS }, (_, i) => {
    const x = min + (i + 0.5) * width;
    return Math.round(
      1000 * Math.exp(-(((x - mean) / std) ** 2) / 2) * (0.9 + 0.2 * random.uniform()),
    );
  });
  if (kind === 'activation') counts[0] += 1500;
  return {
    v,
    type: 'histogram',
    runId,
    step,
    nodeId,
    kind,
    ...(kind !== 'activation' ? { paramId: `${nodeId}/weight` } : {}),
    min,
    max,
    counts,
  };
}
