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
export { optimizer, type UpdateRule } from './optim/optimizer.ts';
export type { GradientBundle, UpdateBundle, ParamGradient, ParamUpdate } from './optim/gradients.ts';

// Graphs: the JSON format, validation, building
export type { GraphSpec, NodeSpecJson } from './graph/spec.ts';
export { GraphSpecError } from './graph/errors.ts';
export { validateGraph, type ValidGraph } from './graph/validate.ts';
export { sequential, type SequentialOptions } from './graph/sequential.ts';
export { buildNetwork, type Network, type NetworkNode, type NetworkOptions } from './engine/network.ts';
export type { ActivationFrame, GradientFrame, Batch, StepResult } from './engine/frames.ts';

// Monitoring
export { tensorStatistics, type TensorStatistics } from './monitor/tensor-statistics.ts';
