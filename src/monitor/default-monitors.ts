import { EMPTY, map, merge, share, type Observable } from 'rxjs';
import type { Alert } from './alert.ts';
import { deadUnits } from './dead-units.ts';
import { detectDyingRelus, type DyingRelusOptions } from './detect-dying-relus.ts';
import {
  detectExplodingGradients,
  type ExplodingGradientsOptions,
} from './detect-exploding-gradients.ts';
import { detectNonFinite, type NonFiniteDetectorOptions } from './detect-non-finite.ts';
import { detectSaturation, type SaturationOptions } from './detect-saturation.ts';
import { detectUpdateRatio, type UpdateRatioOptions } from './detect-update-ratio.ts';
import {
  detectVanishingGradients,
  type VanishingGradientsOptions,
} from './detect-vanishing-gradients.ts';
import { fromActivations, type ActivationFrameLike } from './from-activations.ts';
import { framesFromGradients, type GradientBundleLike } from './from-gradient-bundle.ts';
import { fromUpdateBundles, type UpdateBundleLike } from './from-update-bundle.ts';
import {
  frameHistograms,
  type HistogramBatch,
  type LinearBinning,
  type LogBinning,
} from './frame-histograms.ts';
import { frameStatistics, type StatisticsBatch } from './frame-statistics.ts';
import { gradientNormRatio, type GradientNormRatio } from './gradient-norm-ratio.ts';
import { saturatedUnits } from './saturated-units.ts';
import { sampleEvery } from './sample-every.ts';
import type { UnitReport } from './unit-report.ts';
import { updateRatios, type UpdateRatioBatch } from './update-ratios.ts';

/** Activations the default set knows how to judge: ReLU family → dead units, sigmoid/tanh → saturation. */
const RELU_FAMILY = new Set(['relu', 'leakyRelu', 'elu']);

/** One node's activation stream and which activation function produced it. */
export interface ActivationSource {
  readonly nodeId: string;
  /** The op that produced the frames: 'relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh' or any other (statistics only). */
  readonly activation: string;
  readonly frames$: Observable<ActivationFrameLike>;
}

/** Inputs and settings of defaultMonitors(). */
export interface DefaultMonitorsOptions {
  /** One bundle of parameter gradients (and values) per step, such as Network.gradients$. */
  readonly gradients$: Observable<GradientBundleLike>;
  /** What the optimizer changed per step, such as Network.updates$; enables update ratios. */
  readonly updates$?: Observable<UpdateBundleLike>;
  readonly activations?: readonly ActivationSource[];
  /** Gradient and activation statistics, unit monitors and detectors run on multiples of this (default 20). */
  readonly every?: number;
  /** Histograms run on steps that are multiples of this (default 50). */
  readonly histogramEvery?: number;
  /**
   * Weight frames (statistics, histograms) and update ratios run on steps that are multiples of
   * this (default 50; keep it a multiple of `every`): weights drift slowly, and reading them all
   * costs as much as reading the gradients.
   */
  readonly weightEvery?: number;
  readonly binning?: LinearBinning | LogBinning;
  /** Observations in the dead/saturated unit windows (default 10, i.e. 200 steps at every = 20). */
  readonly unitWindow?: number;
  readonly vanishing?: VanishingGradientsOptions;
  readonly exploding?: ExplodingGradientsOptions;
  readonly nonFinite?: NonFiniteDetectorOptions;
  readonly dyingRelus?: DyingRelusOptions;
  readonly saturation?: SaturationOptions;
  readonly updateRatio?: UpdateRatioOptions;
}

/** The streams defaultMonitors() returns; each is shared, so subscribers split the work. */
export interface DefaultMonitors {
  /** Gradient and weight statistics per parameter, and activation statistics per node. */
  readonly stats$: Observable<StatisticsBatch>;
  /** Histograms (log |x| by default) of gradients, weights and activations. */
  readonly histograms$: Observable<HistogramBatch>;
  /** Dead (ReLU family) and saturated (sigmoid/tanh) unit reports per activation node. */
  readonly units$: Observable<UnitReport>;
  readonly updateRatios$: Observable<UpdateRatioBatch>;
  readonly gradientNormRatio$: Observable<GradientNormRatio>;
  /** Every detector's alerts, merged. */
  readonly alerts$: Observable<Alert>;
}

/**
 * Wires the standard monitor set onto a run's streams: statistics, histograms, unit monitors,
 * update ratios and all six detectors, sampled every `every` steps so that monitoring stays a
 * small part of a step's time. Nothing runs until a returned stream is subscribed.
 */
export function defaultMonitors(options: DefaultMonitorsOptions): DefaultMonitors {
  const every = options.every ?? 20;
  const histogramEvery = options.histogramEvery ?? 50;
  const weightEvery = options.weightEvery ?? 50;
  const shareLatest = <T>(s: Observable<T>): Observable<T> => s.pipe(share());

  // Weights drift slowly, so their frames ride along less often than gradients.
  const paramFrames$ = shareLatest(
    options.gradients$.pipe(
      sampleEvery(gcd(every, histogramEvery)),
      map((b) => framesFromGradients(b, { weights: b.step % weightEvery === 0 })),
    ),
  );
  const activationFrames = (options.activations ?? []).map((a) => ({
    ...a,
    frames$: shareLatest(
      a.frames$.pipe(sampleEvery(gcd(every, histogramEvery)), fromActivations(a.nodeId)),
    ),
  }));
  const allFrames$ = merge(paramFrames$, ...activationFrames.map((a) => a.frames$));

  const stats$ = shareLatest(allFrames$.pipe(frameStatistics({ every })));
  const histograms$ = shareLatest(
    allFrames$.pipe(frameHistograms({ every: histogramEvery, binning: options.binning })),
  );
  const unitOptions = { every, window: options.unitWindow ?? 10 };
  const dead$ = activationFrames
    .filter((a) => RELU_FAMILY.has(a.activation))
    .map((a) => a.frames$.pipe(deadUnits(unitOptions)));
  const saturated$ = activationFrames
    .filter((a) => a.activation === 'sigmoid' || a.activation === 'tanh')
    .map((a) =>
      a.frames$.pipe(
        saturatedUnits({ ...unitOptions, activation: a.activation as 'sigmoid' | 'tanh' }),
      ),
    );
  const deadReports$ = shareLatest(merge(...dead$));
  const saturatedReports$ = shareLatest(merge(...saturated$));
  const updateRatios$ = shareLatest(
    options.updates$ === undefined
      ? EMPTY
      : options.updates$.pipe(sampleEvery(weightEvery), fromUpdateBundles(), updateRatios()),
  );
  const gradientNormRatio$ = stats$.pipe(gradientNormRatio());

  const alerts$ = merge(
    stats$.pipe(detectVanishingGradients(options.vanishing)),
    stats$.pipe(detectExplodingGradients(options.exploding)),
    stats$.pipe(detectNonFinite(options.nonFinite)),
    deadReports$.pipe(detectDyingRelus(options.dyingRelus)),
    saturatedReports$.pipe(detectSaturation(options.saturation)),
    updateRatios$.pipe(detectUpdateRatio(options.updateRatio)),
  ).pipe(share());
  const units$ = merge(deadReports$, saturatedReports$);
  return { stats$, histograms$, units$, updateRatios$, gradientNormRatio$, alerts$ };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
