import type { ElementwiseMath } from './elementwise.ts';
import { eluMath } from './elu.ts';
import { geluMath } from './gelu.ts';
import { hardTanhMath } from './hard-tanh.ts';
import type { LastAxisMath } from './last-axis.ts';
import { leakyReluMath } from './leaky-relu.ts';
import { logSoftmaxMath } from './log-softmax.ts';
import { reluMath } from './relu.ts';
import { seluMath } from './selu.ts';
import { sigmoidMath } from './sigmoid.ts';
import { siluMath } from './silu.ts';
import { softmaxMath } from './softmax.ts';
import { softplusMath } from './softplus.ts';
import { softsignMath } from './softsign.ts';
import { tanhMath } from './tanh.ts';

/** Every elementwise activation by op name; `gradstream grad` and the op registry read this. */
export const activationMaths: Readonly<Record<string, ElementwiseMath>> = {
  sigmoid: sigmoidMath,
  tanh: tanhMath,
  relu: reluMath,
  leakyRelu: leakyReluMath,
  elu: eluMath,
  selu: seluMath,
  gelu: geluMath,
  silu: siluMath,
  softplus: softplusMath,
  softsign: softsignMath,
  hardTanh: hardTanhMath,
};

/** The activations over the last axis (each output depends on the whole row), by op name. */
export const lastAxisMaths: Readonly<Record<string, LastAxisMath>> = {
  softmax: softmaxMath,
  logSoftmax: logSoftmaxMath,
};
