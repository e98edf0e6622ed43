import type { ElementwiseMath } from './elementwise.ts';

/** SELU's α and scale (Klambauer et al., 2017), to the digits PyTorch uses. */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * Scaled exponential linear unit (Klambauer et al., 2017): f(x) = λx for x > 0, λα(eˣ − 1)
 * otherwise, with λ ≈ 1.0507 and α ≈ 1.6733; f'(x) = λ for x > 0, λαeˣ otherwise.
 * NOTE: at x = 0 the derivative is λα ≈ 1.7581, as in PyTorch (the test is x > 0).
 * Pair it with 'lecun-normal' weights to keep activations self-normalizing.
 */
export const seluMath: ElementwiseMath = {
  op: 'selu',
  params: {},
  forward(x, y) {
    for (let i = 0; i < x.length; i++)
      y[i] = x[i] > 0 ? SELU_SCALE * x[i] : SELU_SCALE * SELU_ALPHA * Math.expm1(x[i]);
  },
  backward(x, _y, dy, dx) {
    for (let i = 0; i < x.length; i++)
      dx[i] = x[i] > 0 ? SELU_SCALE * dy[i] : SELU_SCALE * SELU_ALPHA * Math.exp(x[i]) * dy[i];
  },
};
