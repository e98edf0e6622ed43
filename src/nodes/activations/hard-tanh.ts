import type { ElementwiseMath } from './elementwise.ts';

/**
 * Hard tanh, f(x) = clamp(x, minVal, maxVal) (defaults −1 and 1); f'(x) = 1 for
 * minVal < x < maxVal, else 0.
 * NOTE: at the corners x = minVal and x = maxVal the derivative is 0, as in PyTorch (the tests are strict).
 */
export const hardTanhMath: ElementwiseMath = {
  op: 'hardTanh',
  params: {
    minVal: { type: 'number', default: -1 },
    maxVal: { type: 'number', default: 1 },
  },
  validate(params) {
    if ((params.minVal as number) < (params.maxVal as number)) return undefined;
    return `expected minVal < maxVal, got minVal ${params.minVal} and maxVal ${params.maxVal}`;
  },
  forward(x, y, params) {
    // Bounds rounded to float32, as PyTorch compares them, so x = fround(minVal) is a corner.
    const low = Math.fround(params.minVal as number);
    const high = Math.fround(params.maxVal as number);
    for (let i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], low), high);
  },
  backward(x, _y, dy, dx, params) {
    // Bounds rounded to float32, as PyTorch compares them, so x = fround(minVal) is a corner.
    const low = Math.fround(params.minVal as number);
    const high = Math.fround(params.maxVal as number);
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > low && x[i] < high ? dy[i] : 0;
  },
};
