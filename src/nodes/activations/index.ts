import type { ElementwiseMath } from './elementwise.ts';
import { eluMath } from './elu.ts';
import { leakyReluMath } from './leaky-relu.ts';
import { reluMath } from './relu.ts';
import { sigmoidMath } from './sigmoid.ts';
import { tanhMath } from './tanh.ts';

/** Every elementwise activation by op name; `gradstream grad` and the op registry read this. */
export const activationMaths: Readonly<Record<string, ElementwiseMath>> = {
  sigmoid: sigmoidMath,
  tanh: tanhMath,
  relu: reluMath,
  leakyRelu: leakyReluMath,
  elu: eluMath,
};
