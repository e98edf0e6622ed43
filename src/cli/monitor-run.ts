import { EMPTY, Observable, filter, map, merge } from 'rxjs';
import type { Network } from '../engine/network.ts';
import type { ValidMonitors } from '../graph/validate-monitors.ts';
import type { Alert } from '../monitor/alert.ts';
import { defaultMonitors, type DefaultMonitors } from '../monitor/default-monitors.ts';
import { histogram } from '../monitor/frame-histograms.ts';
import { tensorStatistics } from '../monitor/tensor-statistics.ts';
import type { NonFiniteReport } from '../optim/non-finite.ts';
import type { HistogramKind, LayerHealth } from '../server/protocol.ts';

/** Ops whose zero outputs mean dead units; sigmoid and tanh are judged by saturation instead. */
const RELU_FAMILY = new Set(['relu', 'leakyRelu', 'elu']);

/** Bins of the dashboard's heatmaps. */
const HEATMAP_BINS = 32;

/** A histogram ready for the wire: equal-width bins over [min, max]. */
export interface WireHistogram {
  readonly step: number;
  readonly nodeId: string;
  readonly kind: HistogramKind;
  readonly paramId?: string;
  readonly min: number;
  readonly max: number;
  readonly counts: readonly number[];
}

/** What a training run's monitors produce, for the terminal, the stats file and the dashboard. */
export interface RunMonitoring {
  readonly alerts$: Observable<Alert>;
  /** Non-finite gradients met by clipping (always reported, whatever the policy). */
  readonly nonFinite$: Observable<NonFiniteReport>;
  /** Per-layer dead and saturated fractions and update-to-weight ratios. */
  readonly health$: Observable<{ readonly step: number; readonly layers: readonly LayerHealth[] }>;
  /** Gradient, weight and activation histograms of each layer, every `histogramEvery` steps. */
  readonly histograms$: Observable<WireHistogram>;
}

/**
 * Attaches the spec's monitors to a network: the default set from src/monitor on its gradient,
 * update and activation streams (training frames only), at the spec's sampling rates; a monitor
 * or detector the spec turns off is not wired at all.
 */
export function monitorRun(network: Network, settings: ValidMonitors): RunMonitoring {
  if (!settings.enabled)
    return { alerts$: EMPTY, nonFinite$: network.nonFinite$, health$: EMPTY, histograms$: EMPTY };
  const trainFrames = (id: string) =>
    network.activations$(id).pipe(filter((f) => f.mode === 'train'));
  const monitors = defaultMonitors({
    gradients$: network.gradients$,
    updates$: network.updates$,
    activations: network.nodes.map((n) => ({
      nodeId: n.id,
      activation: n.op,
      frames$: trainFrames(n.id),
    })),
    every: settings.every,
    histogramEvery: settings.histogramEvery,
    weightEvery: settings.weightEvery,
    unitWindow: settings.unitWindow,
    // The CLI draws its own heatmaps (below), so the monitors' log histograms stay off.
    histograms: false,
    deadUnits: settings.deadUnits,
    saturatedUnits: settings.saturatedUnits,
    updateRatios: settings.updateRatios,
    ...settings.detectors,
  });
  return {
    alerts$: monitors.alerts$,
    nonFinite$: network.nonFinite$,
    health$: health$(network, monitors),
    histograms$: settings.histograms
      ? heatmapHistograms$(network, settings.histogramEvery, trainFrames)
      : EMPTY,
  };
}

function health$(network: Network, monitors: DefaultMonitors): RunMonitoring['health$'] {
  const main = mainParams(network);
  const opOf = new Map(network.nodes.map((n) => [n.id, n.op]));
  const units$ = monitors.units$.pipe(
    map((r) => {
      const fraction = r.fraction;
      const layer: LayerHealth = RELU_FAMILY.has(opOf.get(r.layer) ?? '')
        ? { nodeId: r.layer, deadFraction: fraction }
        : { nodeId: r.layer, saturatedFraction: fraction };
      return { step: r.step, layers: [layer] };
    }),
  );
  // One ratio per node: its main weight's (the parameter the 1e-3 rule of thumb is about).
  const ratios$ = monitors.updateRatios$.pipe(
    map((batch) => ({
      step: batch.step,
      layers: batch.ratios
        .filter((r) => main.has(r.name))
        .map((r) => ({ nodeId: r.layer, updateRatio: r.ratio })),
    })),
    filter((h) => h.layers.length > 0),
  );
  return merge(units$, ratios$);
}

/**
 * Symmetric linear histograms (over ±max|x| of the frame) for the page's step × value heatmaps.
 * NOTE: the monitors' own histograms bin log|x| over fixed decades, which suits detectors;
 * a heatmap a person reads wants signed values over the range the layer actually uses.
 */
function heatmapHistograms$(
  network: Network,
  every: number,
  trainFrames: (id: string) => Observable<{ step: number; tensor: { data: Float32Array } }>,
): Observable<WireHistogram> {
  const main = mainParams(network);
  return new Observable<WireHistogram>((subscriber) => {
    const emit = (
      step: number,
      nodeId: string,
      kind: HistogramKind,
      values: Float32Array,
      paramId?: string,
    ): void => {
      const { maxAbs } = tensorStatistics(values);
      // NOTE: the top edge sits just above max|x| so the largest value lands in the last bin.
      const top = (maxAbs > 0 ? maxAbs : 1) * (1 + 1e-6);
      const { counts } = histogram(values, {
        scale: 'linear',
        min: -top,
        max: top,
        bins: HEATMAP_BINS,
      });
      subscriber.next({ step, nodeId, kind, paramId, min: -top, max: top, counts });
    };
    const subscription = network.gradients$
      .pipe(filter((b) => b.step % every === 0))
      .subscribe((bundle) => {
        for (const p of bundle.params) {
          if (!main.has(p.id)) continue;
          emit(bundle.step, p.nodeId, 'gradient', p.grad.data, p.id);
          emit(bundle.step, p.nodeId, 'weight', p.value.data, p.id);
        }
      });
    for (const node of network.nodes) {
      subscription.add(
        trainFrames(node.id)
          .pipe(filter((f) => f.step % every === 0))
          .subscribe((f) => emit(f.step, node.id, 'activation', f.tensor.data)),
      );
    }
    return subscription;
  });
}

/** Per node, the parameter that stands for it on charts: its first matrix (a weight, not a bias). */
function mainParams(network: Network): Set<string> {
  const ids = new Set<string>();
  for (const node of network.nodes) {
    const main = node.params.find((p) => p.value.shape.length >= 2) ?? node.params[0];
    if (main) ids.add(main.id);
  }
  return ids;
}
