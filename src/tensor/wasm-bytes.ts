/**
 * Just enough of the WebAssembly binary format to write one small kernel by hand: LEB128
 * numbers, sections, and the few instructions the SIMD matrix multiply uses. Keeping the
 * encoder here means no build step, no .wasm file and no toolchain for the library.
 */

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A length-prefixed vector of already encoded items. */
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** A name: length-prefixed ASCII. */
export const name = (s: string): number[] => [
  ...uleb(s.length),
  ...[...s].map((c) => c.charCodeAt(0)),
];

/** A section with its id and byte length. */
export const section = (id: number, body: number[]): number[] => [
  id,
  ...uleb(body.length),
  ...body,
];

// Instructions.
export const localGet = (i: number): number[] => [0x20, ...uleb(i)];
export const localSet = (i: number): number[] => [0x21, ...uleb(i)];
export const i32Const = (v: number): number[] => [0x41, ...sleb(v)];
export const i32Eq = [0x46];
export const i32Eqz = [0x45];
export const i32Add = [0x6a];
export const i32Sub = [0x6b];
export const i32Mul = [0x6c];
/** A block whose `br 0` jumps past its end. */
export const block = (body: number[]): number[] => [0x02, 0x40, ...body, 0x0b];
/** A loop whose `br 0` jumps back to its start. */
export const loop = (body: number[]): number[] => [0x03, 0x40, ...body, 0x0b];
export const br = (depth: number): number[] => [0x0c, ...uleb(depth)];
export const brIf = (depth: number): number[] => [0x0d, ...uleb(depth)];

const simd = (op: number, ...rest: number[]): number[] => [0xfd, ...uleb(op), ...rest];
/** v128.load from the address on the stack plus `offset` bytes (16-byte alignment hint). */
export const v128Load = (offset: number): number[] => simd(0x00, 4, ...uleb(offset));
/** v128.load32_splat: one float read and copied into all four lanes. */
export const v128Load32Splat = (offset: number): number[] => simd(0x09, 2, ...uleb(offset));
export const v128Store = (offset: number): number[] => simd(0x0b, 4, ...uleb(offset));
export const v128Zero = simd(0x0c, ...new Array<number>(16).fill(0));
export const f32x4Add = simd(0xe4);
export const f32x4Mul = simd(0xe6);
