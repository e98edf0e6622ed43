// gradstream's public API. Everything a user imports comes from here; nothing inside src/ imports this file.

// Tensors and randomness
export { tensor, zeros, full, clone, sizeOf, type Tensor, type Shape } from './tensor/tensor.ts';
export { createRandom, type Random } from './tensor/random.ts';

// Nodes: the functions that compose a network in code
export { dense, type DenseParams } from './nodes/dense.ts';
export { batchNorm, type BatchNormParams } from './nodes/batch-norm.ts';
export { layerNorm, type LayerNormParams } from './nodes/layer-norm.ts';
export { dropout, type DropoutParams } from './nodes/dropout.ts';
export { add } from './nodes/add.ts';
export { embedding, type EmbeddingParams } from './nodes/embedding.ts';
export { selfAttention, type SelfAttentionParams } from './nodes/self-attention.ts';
export { simpleRnn, type SimpleRnnParams, type SimpleRnnKernel } from './nodes/simple-rnn.ts';
export { meanPool } from './nodes/mean-pool.ts';
export {
  activation,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  elu,
  selu,
  gelu,
  silu,
  softplus,
  softsign,
  hardTanh,
  softmax,
  logSoftmax,
} from './nodes/activations/functions.ts';
export { erf, erfc } from './tensor/erf.ts';
export { activationMaths } from './nodes/activations/index.ts';
export { evaluateActivation, type ElementwiseMath } from './nodes/activations/elementwise.ts';
export type { NodeSpec, NodeDefinition, NodeKernel, Param, Mode } from './nodes/node.ts';
export { ShapeError } from './nodes/errors.ts';

// Initializers
export {
  initializers,
  initializerNames,
  type Initializer,
  type InitOptions,
  type Fans,
  type FanMode,
  type Nonlinearity,
} from './init/initializers.ts';
export { calculateGain } from './init/gain.ts';

// Optimizers: operators on the gradient stream
export { sgd, type SgdOptions } from './optim/sgd.ts';
export { adam, type AdamOptions } from './optim/adam.ts';
export { rmsprop, type RmspropOptions } from './optim/rmsprop.ts';
export { adamw, type AdamWOptions } from './optim/adamw.ts';
export { adagrad, type AdagradOptions } from './optim/adagrad.ts';
export { optimizer, type UpdateRule, type LearningRate } from './optim/optimizer.ts';
export type {
  GradientBundle,
  UpdateBundle,
  ParamGradient,
  ParamUpdate,
} from './optim/gradients.ts';

// Learning-rate schedules: streams of rates an optimizer's `lr` accepts
export { stepDecay, type StepDecayOptions } from './optim/schedules/step-decay.ts';
export {
  exponentialDecay,
  type ExponentialDecayOptions,
} from './optim/schedules/exponential-decay.ts';
export {
  cosineAnnealing,
  type CosineAnnealingOptions,
} from './optim/schedules/cosine-annealing.ts';
export { linearWarmup, type LinearWarmupOptions } from './optim/schedules/linear-warmup.ts';
export {
  reduceOnPlateau,
  type ReduceOnPlateauOptions,
} from './optim/schedules/reduce-on-plateau.ts';
export { schedule, type Schedule } from './optim/schedules/schedule.ts';

// Gradient clipping: operators for NetworkOptions.gradientOperators
export { clipByNorm, globalNorm, type ClipByNormOptions } from './optim/clip-by-norm.ts';
export { clipByValue, type ClipByValueOptions } from './optim/clip-by-value.ts';
export type { NonFinitePolicy, NonFiniteReport, NonFiniteOptions } from './optim/non-finite.ts';

// Graphs: the JSON format, validation, building
export type { GraphSpec, NodeSpecJson } from './graph/spec.ts';
export { GraphSpecError } from './graph/errors.ts';
export { validateGraph, type ValidGraph } from './graph/validate.ts';
export { sequential, type SequentialOptions } from './graph/sequential.ts';
export { editGraph } from './graph/edit-graph.ts';
export { standaloneNode, type StandaloneNode } from './engine/standalone-node.ts';
export {
  buildNetwork,
  type Network,
  type NetworkNode,
  type NetworkOptions,
} from './engine/network.ts';
export type { ActivationFrame, GradientFrame, Batch, StepResult } from './engine/frames.ts';

// Training on data
export {
  train$,
  type TrainOptions,
  type TrainEvent,
  type StepEvent,
  type EpochEvent,
  type DoneEvent,
} from './engine/trainer.ts';
export { evaluateAccuracy } from './engine/evaluate.ts';
export { loadMnist } from './data/mnist.ts';
export { loadIdx, type IdxOptions } from './data/idx.ts';
export { loadCsv, type CsvOptions } from './data/csv.ts';
export { DataFileError } from './data/data-file-error.ts';
export { splitDataset } from './data/split.ts';
export { batches$, type BatchOptions } from './data/batches.ts';
export type { Dataset, DatasetSplit } from './data/dataset.ts';

// Monitoring: pure RxJS operators on plain frames (docs/monitors.md); they import only tensors and rxjs
export { tensorStatistics, type TensorStatistics } from './monitor/tensor-statistics.ts';
export type {
  MonitorFrame,
  MonitorBatch,
  MonitorInput,
  FrameKind,
} from './monitor/monitor-frame.ts';
export {
  framesFromGradients,
  fromGradientBundles,
  type GradientBundleLike,
  type TensorLike,
} from './monitor/from-gradient-bundle.ts';
export {
  framesFromUpdates,
  fromUpdateBundles,
  type UpdateBundleLike,
} from './monitor/from-update-bundle.ts';
export { fromActivations, type ActivationFrameLike } from './monitor/from-activations.ts';
export { sampleEvery } from './monitor/sample-every.ts';
export {
  frameStatistics,
  type FrameStatistics,
  type StatisticsBatch,
} from './monitor/frame-statistics.ts';
export {
  frameHistograms,
  DEFAULT_BINNING,
  type FrameHistogram,
  type HistogramBatch,
  type LinearBinning,
  type LogBinning,
} from './monitor/frame-histograms.ts';
export { deadUnits, type DeadUnitsOptions } from './monitor/dead-units.ts';
export { saturatedUnits, type SaturatedUnitsOptions } from './monitor/saturated-units.ts';
export type { UnitReport } from './monitor/unit-report.ts';
export { updateRatios, type UpdateRatio, type UpdateRatioBatch } from './monitor/update-ratios.ts';
export { gradientNormRatio, type GradientNormRatio } from './monitor/gradient-norm-ratio.ts';
export { layerGradientNorms, type LayerGradientNorm } from './monitor/layer-gradient-norms.ts';

// Detectors: operators that turn monitor output into alerts
export { MITIGATIONS, type Alert, type AlertKind } from './monitor/alert.ts';
export { createAlarm, type PersistenceOptions } from './monitor/alarm.ts';
export {
  detectVanishingGradients,
  type VanishingGradientsOptions,
} from './monitor/detect-vanishing-gradients.ts';
export {
  detectExplodingGradients,
  type ExplodingGradientsOptions,
} from './monitor/detect-exploding-gradients.ts';
export { detectNonFinite, type NonFiniteDetectorOptions } from './monitor/detect-non-finite.ts';
export { detectDyingRelus, type DyingRelusOptions } from './monitor/detect-dying-relus.ts';
export { detectSaturation, type SaturationOptions } from './monitor/detect-saturation.ts';
export { detectUpdateRatio, type UpdateRatioOptions } from './monitor/detect-update-ratio.ts';
export {
  defaultMonitors,
  type DefaultMonitors,
  type DefaultMonitorsOptions,
  type ActivationSource,
} from './monitor/default-monitors.ts';
