import type { Random } from '../tensor/random.ts';
import { resolveGain } from './gain.ts';
import type { Initializer } from './initializer.ts';

/**
 * Orthogonal initialization (Saxe et al., 2013), as PyTorch's `orthogonal_`: the weight, viewed as
 * [rows, fanIn] with rows = size / fanIn, is the Q of the QR decomposition of a seeded standard
 * normal matrix, with signs fixed so that R has a positive diagonal (which makes Q uniformly
 * distributed over orthogonal matrices), times `gain` (default 1, or that of `nonlinearity`).
 * Rows are orthonormal when rows ≤ fanIn (W·Wᵀ = gain²·I), columns otherwise (Wᵀ·W = gain²·I).
 * Meant for recurrent weights, where an orthogonal matrix keeps gradient norms through time.
 */
export const orthogonal: Initializer = (values, { fanIn }, random, options = {}) => {
  const cols = fanIn;
  const rows = values.length / cols;
  if (!Number.isInteger(rows) || rows < 1) {
    throw new RangeError(
      `[gradstream] initializer 'orthogonal': a weight of ${values.length} values cannot be viewed as rows of fanIn ${fanIn}`,
    );
  }
  const gain = resolveGain(options, 'linear');
  const a = drawNormal(rows * cols, random);

  // Decompose the tall orientation: A itself when rows ≥ cols, else Aᵀ (as PyTorch does).
  const isTall = rows >= cols;
  const m = isTall ? rows : cols;
  const n = isTall ? cols : rows;
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) q[j * m + i] = isTall ? a[i * cols + j] : a[j * cols + i];
  }
  orthonormalizeColumns(q, m, n);

  // q holds column j of Q at offset j·m; write Q (tall) or Qᵀ (wide) back row-major.
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++)
      values[r * cols + c] = gain * (isTall ? q[c * m + r] : q[r * m + c]);
  }
};

function drawNormal(size: number, random: Random): Float64Array {
  const a = new Float64Array(size);
  for (let i = 0; i < size; i++) a[i] = random.normal();
  return a;
}

/**
 * Gram–Schmidt with one re-orthogonalization pass ("twice is enough"), in double precision, on n
 * columns of length m stored one after another. The result is the Q of A = QR with diag(R) > 0,
 * the same Q that Householder QR gives after PyTorch's sign correction.
 */
function orthonormalizeColumns(q: Float64Array, m: number, n: number): void {
  for (let j = 0; j < n; j++) {
    const vj = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const vk = k * m;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[vk + i] * q[vj + i];
        for (let i = 0; i < m; i++) q[vj + i] -= dot * q[vk + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[vj + i] * q[vj + i];
    // NOTE: a zero column has probability zero for a normal draw; dividing by 1 then leaves it zero.
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 1;
    for (let i = 0; i < m; i++) q[vj + i] *= inv;
  }
}
