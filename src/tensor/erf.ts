/**
 * The error function and its complement, by W. J. Cody's rational Chebyshev approximations
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969), the
 * method of the SPECFUN routine CALERF. Relative error is near 1e-16 over the whole line, and
 * erfc keeps full relative precision far into its tail (erfc(26) ≈ 6e−296), where 1 − erf(x)
 * would be 0. JavaScript has no Math.erf, so GELU and the normal CDF use these.
 */

// |x| ≤ 0.46875: erf(x) = x·P(x²)/Q(x²).
const A = [
  3.1611237438705656, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315,
];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.2368334391704];
// 0.46875 < |x| ≤ 4: erfc(x) = e^(−x²)·P(x)/Q(x).
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.635138197400131, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
// |x| > 4: erfc(x) = e^(−x²)/x·(1/√π + P(1/x²)/Q(1/x²)/x²).
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  6.587491615298378e-4, 0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.872952849923467, 0.5279051029514284, 0.06051834131244132,
  0.0023352049762686918,
];

const THRESHOLD = 0.46875;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
// Above this erfc(x) underflows to 0 in double precision.
const ERFC_ZERO_BEYOND = 26.543;

/** erf(x) for |x| ≤ 0.46875. */
function erfSmall(x: number): number {
  const y2 = x * x;
  let num = A[4] * y2;
  let den = y2;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * y2;
    den = (den + B[i]) * y2;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/** erfc(y) for y > 0.46875. */
function erfcLarge(y: number): number {
  if (y >= ERFC_ZERO_BEYOND) return 0;
  let scaled: number;
  if (y <= 4) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    scaled = (num + C[7]) / (den + D[7]);
  } else {
    const z = 1 / (y * y);
    let num = P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * z;
      den = (den + Q[i]) * z;
    }
    scaled = (ONE_OVER_SQRT_PI - (z * (num + P[4])) / (den + Q[4])) / y;
  }
  // e^(−y²) split as e^(−s²)·e^(−(y−s)(y+s)) with s = y rounded down to 1/16: y² itself would
  // lose the low bits that decide the last digits of the result.
  const s = Math.trunc(y * 16) / 16;
  return Math.exp(-s * s) * Math.exp(-(y - s) * (y + s)) * scaled;
}

/** The error function erf(x) = (2/√π)∫₀ˣ e^(−t²) dt; erf'(x) = (2/√π)e^(−x²). */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESHOLD) return erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const r = 1 - erfcLarge(y);
  return x < 0 ? -r : r;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate where erf(x) is near 1. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESHOLD) return 1 - erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const r = erfcLarge(y);
  return x < 0 ? 2 - r : r;
}
