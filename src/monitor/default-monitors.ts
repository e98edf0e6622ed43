import {
  EMPTY,
  filter,
  map,
  merge,
  pipe,
  share,
  type Observable,
  type OperatorFunction,
} from 'rxjs';
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
import {
  framesOf,
  kindOf,
  type MonitorBatch,
  type MonitorFrame,
  type MonitorInput,
} from './monitor-frame.ts';
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
   * Weight statistics and update ratios run on steps that are multiples of this (default 50; it
   * need not be a multiple of `every`): weights drift slowly, and reading them all costs as much
   * as reading the gradients. Weight histograms follow `histogramEvery`.
   */
  readonly weightEvery?: number;
  readonly binning?: LinearBinning | LogBinning;
  /** Observations in the dead/saturated unit windows (default 5, i.e. 100 steps at every = 20). */
  readonly unitWindow?: number;
  /** False: no histograms are computed (default true). */
  readonly histograms?: boolean;
  /** False: ReLU-family layers get no dead-unit window, so no dying-ReLU alerts (default true). */
  readonly deadUnits?: boolean;
  /** False: sigmoid and tanh layers get no saturation window, so no saturation alerts. */
  readonly saturatedUnits?: boolean;
  /** False: `updates$` is not read, so no update ratios and no update-ratio alerts. */
  readonly updateRatios?: boolean;
  /** Each detector's options, or false to turn that detector off. */
  readonly vanishing?: VanishingGradientsOptions | false;
  readonly exploding?: ExplodingGradientsOptions | false;
  readonly nonFinite?: NonFiniteDetectorOptions | false;
  readonly dyingRelus?: DyingRelusOptions | false;
  readonly saturation?: SaturationOptions | false;
  readonly updateRatio?: UpdateRatioOptions | false;
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
 * update ratios and all six detectors (each can be turned off with `false`), sampled every
 * `every` steps so that monitoring stays a small part of a step's time. Nothing runs until a
 * returned stream is subscribed, and a monitor turned off never reads its input.
 */
export function defaultMonitors(options: DefaultMonitorsOptions): DefaultMonitors {
  const every = options.every ?? 20;
  const histogramEvery = options.histogramEvery ?? 50;
  const weightEvery = options.weightEvery ?? 50;
  const hasHistograms = options.histograms !== false;
  const isHistogramStep = (step: number): boolean => hasHistograms && step % histogramEvery === 0;

  // Frames are read on the steps some monitor wants them; each monitor then keeps its own.
  const paramFrames$ = options.gradients$.pipe(
    filter((b) => b.step % every === 0 || b.step % weightEvery === 0 || isHistogramStep(b.step)),
    map((b) =>
      framesFromGradients(b, { weights: b.step % weightEvery === 0 || isHistogramStep(b.step) }),
    ),
    share(),
  );
  const activationFrames = (options.activations ?? []).map((a) => ({
    ...a,
    frames$: a.frames$.pipe(
      filter((f) => f.step % every === 0 || isHistogramStep(f.step)),
      fromActivations(a.nodeId),
      share(),
    ),
  }));
  const allFrames$ = merge(paramFrames$, ...activationFrames.map((a) => a.frames$));

  // NOTE: weight statistics keep their own rate, so weightEvery need not divide by every.
  const stats$ = allFrames$.pipe(
    keepFrames((f) => f.step % (kindOf(f) === 'weight' ? weightEvery : every) === 0),
    frameStatistics(),
    share(),
  );
  const histograms$ = hasHistograms
    ? allFrames$.pipe(frameHistograms({ every: histogramEvery, binning: options.binning }), share())
    : EMPTY;
  const { deadReports$, saturatedReports$ } = unitReports(activationFrames, options, every);
  const updateRatios$ =
    options.updates$ === undefined || options.updateRatios === false
      ? EMPTY
      : options.updates$.pipe(
          sampleEvery(weightEvery),
          fromUpdateBundles(),
          updateRatios(),
          share(),
        );
  const gradientNormRatio$ = stats$.pipe(gradientNormRatio());

  const detect = <T, O>(
    input$: Observable<T>,
    settings: O | false | undefined,
    detector: (o?: O) => OperatorFunction<T, Alert>,
  ): Observable<Alert> => (settings === false ? EMPTY : input$.pipe(detector(settings)));
  const alerts$ = merge(
    detect(stats$, options.vanishing, detectVanishingGradients),
    detect(stats$, options.exploding, detectExplodingGradients),
    detect(stats$, options.nonFinite, detectNonFinite),
    detect(deadReports$, options.dyingRelus, detectDyingRelus),
    detect(saturatedReports$, options.saturation, detectSaturation),
    detect(updateRatios$, options.updateRatio, detectUpdateRatio),
  ).pipe(share());
  const units$ = merge(deadReports$, saturatedReports$);
  return { stats$, histograms$, units$, updateRatios$, gradientNormRatio$, alerts$ };
}

/** Dead-unit reports of ReLU-family layers and saturation reports of sigmoid and tanh layers. */
function unitReports(
  activations: readonly { activation: string; frames$: Observable<MonitorInput> }[],
  options: DefaultMonitorsOptions,
  every: number,
): { deadReports$: Observable<UnitReport>; saturatedReports$: Observable<UnitReport> } {
  const unitOptions = { every, window: options.unitWindow ?? 5 };
  const dead$ = activations
    .filter((a) => options.deadUnits !== false && RELU_FAMILY.has(a.activation))
    .map((a) => a.frames$.pipe(deadUnits(unitOptions)));
  const saturated$ = activations
    .filter((a) => options.saturatedUnits !== false)
    .filter((a) => a.activation === 'sigmoid' || a.activation === 'tanh')
    .map((a) =>
      a.frames$.pipe(
        saturatedUnits({ ...unitOptions, activation: a.activation as 'sigmoid' | 'tanh' }),
      ),
    );
  return {
    deadReports$: merge(...dead$).pipe(share()),
    saturatedReports$: merge(...saturated$).pipe(share()),
  };
}

/** Keeps the frames of each emission that pass the test, as a batch; empty batches are dropped. */
function keepFrames(
  keep: (frame: MonitorFrame) => boolean,
): OperatorFunction<MonitorInput, MonitorBatch> {
  return pipe(
    map((input) => ({ step: input.step, frames: framesOf(input).filter(keep) })),
    filter((batch) => batch.frames.length > 0),
  );
}
