/**
 * Matrix multiply in WebAssembly SIMD: C[m, n] (+)= A[m, k] · B[k, n] for strided A and B.
 *
 * Scalar JavaScript tops out near 3 GFLOP/s here (V8 neither vectorises nor keeps float32;
 * see shared/PERFORMANCE.md). This kernel packs A into panels of 4 rows and B into panels of
 * 8 columns, both laid out so the inner loop reads unit-stride, then keeps a 4×8 tile of C in
 * eight 128-bit registers while it walks the shared axis: per step two loads of B, four
 * broadcasts of A, eight multiplies and eight adds of four lanes each. Sums run in float32.
 *
 * NOTE: the wasm memory is never grown: `memory.grow` detaches the old ArrayBuffer, and one
 * detached buffer makes V8 guard every typed-array access in the process from then on. A call
 * that needs more room gets a fresh, larger memory and instance instead.
 */
import {
  I32,
  V128,
  block,
  br,
  brIf,
  f32x4Add,
  f32x4Mul,
  i32Add,
  i32Const,
  i32Eq,
  i32Eqz,
  i32Mul,
  i32Sub,
  localGet as get,
  localSet as set,
  loop,
  name,
  section,
  uleb,
  v128Load,
  v128Load32Splat,
  v128Store,
  v128Zero,
  vec,
} from './wasm-bytes.ts';

/** Reads X(i, p) at data[i * rowStride + p * colStride]. */
export interface Strided {
  readonly data: Float32Array;
  readonly rowStride: number;
  readonly colStride: number;
}

type GemmExport = (
  aPtr: number,
  bPtr: number,
  cPtr: number,
  mPanels: number,
  k: number,
  nPanels: number,
) => void;

// Locals of the exported function: six i32 parameters, seven i32 locals, eleven v128 locals.
const [A_PTR, B_PTR, C_PTR, M_PANELS, K, N_PANELS] = [0, 1, 2, 3, 4, 5];
const [IP, JP, P, AP, BP, CP, ROW_BYTES] = [6, 7, 8, 9, 10, 11, 12];
const acc = (row: number, half: number): number => 13 + row * 2 + half;
const [B_LO, B_HI, A_LANE] = [21, 22, 23];
const ROWS = [0, 1, 2, 3];

/** The inner loop over the shared axis: one rank-1 update of the 4×8 tile per step. */
function innerLoop(): number[] {
  return loop([
    ...get(P),
    ...i32Eqz,
    ...brIf(1),
    ...get(BP),
    ...v128Load(0),
    ...set(B_LO),
    ...get(BP),
    ...v128Load(16),
    ...set(B_HI),
    ...ROWS.flatMap((r) => [
      ...get(AP),
      ...v128Load32Splat(4 * r),
      ...set(A_LANE),
      ...get(acc(r, 0)),
      ...get(A_LANE),
      ...get(B_LO),
      ...f32x4Mul,
      ...f32x4Add,
      ...set(acc(r, 0)),
      ...get(acc(r, 1)),
      ...get(A_LANE),
      ...get(B_HI),
      ...f32x4Mul,
      ...f32x4Add,
      ...set(acc(r, 1)),
    ]),
    ...get(AP),
    ...i32Const(16),
    ...i32Add,
    ...set(AP),
    ...get(BP),
    ...i32Const(32),
    ...i32Add,
    ...set(BP),
    ...get(P),
    ...i32Const(1),
    ...i32Sub,
    ...set(P),
    ...br(0),
  ]);
}

/** One 4×8 tile of C: clear, accumulate over k, store four rows of eight. */
function tile(): number[] {
  return [
    ...ROWS.flatMap((r) => [...v128Zero, ...set(acc(r, 0)), ...v128Zero, ...set(acc(r, 1))]),
    ...get(A_PTR),
    ...get(IP),
    ...get(K),
    ...i32Mul,
    ...i32Const(16),
    ...i32Mul,
    ...i32Add,
    ...set(AP),
    ...get(B_PTR),
    ...get(JP),
    ...get(K),
    ...i32Mul,
    ...i32Const(32),
    ...i32Mul,
    ...i32Add,
    ...set(BP),
    ...get(K),
    ...set(P),
    ...block(innerLoop()),
    ...get(C_PTR),
    ...get(IP),
    ...get(ROW_BYTES),
    ...i32Mul,
    ...i32Const(4),
    ...i32Mul,
    ...i32Add,
    ...get(JP),
    ...i32Const(32),
    ...i32Mul,
    ...i32Add,
    ...set(CP),
    ...ROWS.flatMap((r) => [
      ...get(CP),
      ...get(acc(r, 0)),
      ...v128Store(0),
      ...get(CP),
      ...get(acc(r, 1)),
      ...v128Store(16),
      ...get(CP),
      ...get(ROW_BYTES),
      ...i32Add,
      ...set(CP),
    ]),
  ];
}

/** Counts `index` from 0 to `limit` around `body`. */
function countedLoop(index: number, limit: number, body: number[]): number[] {
  return [
    ...i32Const(0),
    ...set(index),
    ...block(
      loop([
        ...get(index),
        ...get(limit),
        ...i32Eq,
        ...brIf(1),
        ...body,
        ...get(index),
        ...i32Const(1),
        ...i32Add,
        ...set(index),
        ...br(0),
      ]),
    ),
  ];
}

/** The module: imports `env.memory`, exports `gemm` over packed panels (see packA/packB). */
function gemmModuleBytes(): Uint8Array<ArrayBuffer> {
  const body = [
    ...get(N_PANELS),
    ...i32Const(32),
    ...i32Mul,
    ...set(ROW_BYTES),
    ...countedLoop(IP, M_PANELS, countedLoop(JP, N_PANELS, tile())),
  ];
  const code = [
    ...vec([
      [...uleb(7), I32],
      [...uleb(11), V128],
    ]),
    ...body,
    0x0b,
  ];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), 0x00]])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...name('gemm'), 0x00, 0x00]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** The compiled module, or undefined where WebAssembly SIMD is missing. */
const gemmModule: WebAssembly.Module | undefined = (() => {
  try {
    return new WebAssembly.Module(gemmModuleBytes());
  } catch {
    return undefined;
  }
})();

/** True when the SIMD kernel can run here. */
export const simdAvailable = gemmModule !== undefined;

// The current instance and a float view of its memory; replaced (never grown) when too small.
let gemm: GemmExport | undefined;
let heap = new Float32Array(0);

function ensureHeap(floats: number): void {
  if (heap.length >= floats && gemm !== undefined) return;
  const pages = Math.ceil((floats * 4 * 1.25) / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const instance = new WebAssembly.Instance(gemmModule as WebAssembly.Module, { env: { memory } });
  gemm = instance.exports.gemm as GemmExport;
  heap = new Float32Array(memory.buffer);
}

/** Writes A as panels [⌈m/4⌉][k][4] at `at`: four rows interleaved, zero rows past m. */
function packA(x: Strided, m: number, k: number, at: number): void {
  const { data, rowStride: rs, colStride: cs } = x;
  const w = heap;
  for (let i0 = 0; i0 < m; i0 += 4, at += 4 * k) {
    if (i0 + 4 <= m) {
      for (let p = 0, src = i0 * rs, d = at; p < k; p++, src += cs, d += 4) {
        w[d] = data[src];
        w[d + 1] = data[src + rs];
        w[d + 2] = data[src + 2 * rs];
        w[d + 3] = data[src + 3 * rs];
      }
    } else {
      for (let r = 0; r < 4; r++) {
        const inside = i0 + r < m;
        for (let p = 0, d = at + r; p < k; p++, d += 4)
          w[d] = inside ? data[(i0 + r) * rs + p * cs] : 0;
      }
    }
  }
}

/** Writes B as panels [⌈n/8⌉][k][8] at `at`: eight columns side by side, zero columns past n. */
function packB(x: Strided, k: number, n: number, at: number): void {
  const { data, rowStride: rs, colStride: cs } = x;
  const w = heap;
  for (let j0 = 0; j0 < n; j0 += 8, at += 8 * k) {
    if (j0 + 8 <= n) {
      for (let p = 0, src = j0 * cs, d = at; p < k; p++, src += rs, d += 8) {
        w[d] = data[src];
        w[d + 1] = data[src + cs];
        w[d + 2] = data[src + 2 * cs];
        w[d + 3] = data[src + 3 * cs];
        w[d + 4] = data[src + 4 * cs];
        w[d + 5] = data[src + 5 * cs];
        w[d + 6] = data[src + 6 * cs];
        w[d + 7] = data[src + 7 * cs];
      }
    } else {
      for (let col = 0; col < 8; col++) {
        const inside = j0 + col < n;
        for (let p = 0, d = at + col; p < k; p++, d += 8)
          w[d] = inside ? data[p * rs + (j0 + col) * cs] : 0;
      }
    }
  }
}

/**
 * C[m, n] (+)= A·B with A(i, p) and B(p, j) read through their strides; C is row-major [m, n].
 * With `accumulate`, adds into C instead of overwriting it. Requires `simdAvailable`.
 */
export function simdGemm(
  a: Strided,
  b: Strided,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  const mPanels = (m + 3) >> 2;
  const nPanels = (n + 7) >> 3;
  const bAt = mPanels * 4 * k;
  const cAt = bAt + nPanels * 8 * k;
  ensureHeap(cAt + mPanels * 4 * nPanels * 8);
  packA(a, m, k, 0);
  packB(b, k, n, bAt);
  (gemm as GemmExport)(0, bAt * 4, cAt * 4, mPanels, k, nPanels);

  // Copy the tile rows back, dropping the padding columns.
  const w = heap;
  const rowLength = nPanels * 8;
  for (let i = 0; i < m; i++) {
    const from = cAt + i * rowLength;
    const to = i * n;
    if (accumulate) for (let j = 0; j < n; j++) c[to + j] += w[from + j];
    else for (let j = 0; j < n; j++) c[to + j] = w[from + j];
  }
}
