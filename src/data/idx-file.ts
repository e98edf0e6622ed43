import { formatShape } from '../tensor/tensor.ts';
import { DataFileError } from './data-file-error.ts';
import { readDataFile } from './read-data-file.ts';

/** The element types an IDX file can hold, by the type code in its magic number. */
export const IDX_TYPES = {
  0x08: { name: 'unsigned byte', bytes: 1 },
  0x09: { name: 'signed byte', bytes: 1 },
  0x0b: { name: 'short', bytes: 2 },
  0x0c: { name: 'int', bytes: 4 },
  0x0d: { name: 'float', bytes: 4 },
  0x0e: { name: 'double', bytes: 8 },
} as const;

/** The type byte of an IDX header: one of the element types IDX defines. */
export type IdxTypeCode = keyof typeof IDX_TYPES;

/** One IDX file whose header checked out: its element type, dims (first = sample count), data. */
export interface IdxArray {
  readonly typeCode: IdxTypeCode;
  readonly dims: readonly number[];
  /** Number of values: the product of the dims. */
  readonly size: number;
  /**
   * Writes the values as stored (bytes are not scaled here) into `out`, which has `size`
   * elements: a Float32Array for images, a Float64Array where int or double values must stay exact.
   */
  decodeInto(out: Float32Array | Float64Array): void;
}

/**
 * Reads an IDX file (gzipped or not): bytes 0–1 are zero, byte 2 the type code, byte 3 the rank,
 * then one big-endian uint32 per dim, then the values, big-endian, row-major. This is the format
 * of the original MNIST and Fashion-MNIST files. Every failure is a DataFileError naming the file.
 */
export function readIdxFile(file: string, kind: string): IdxArray {
  const bytes = readDataFile(file, kind);
  const fail = (message: string): never => {
    throw new DataFileError({ kind, file }, message);
  };
  if (bytes.length < 4)
    fail(`is too short for an IDX header: expected at least 4 bytes, got ${bytes.length}`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(
      `does not start with the IDX magic number: expected bytes 00 00 <type> <rank>, got ${hex(bytes.subarray(0, 4))}; is it an IDX file such as train-images-idx3-ubyte?`,
    );
  }
  const typeCode = bytes[2];
  if (!(typeCode in IDX_TYPES))
    fail(
      `has unknown IDX data type code ${hex([typeCode])} in its magic number; known codes: ${knownCodes()}`,
    );
  const type = IDX_TYPES[typeCode as IdxTypeCode];
  const rank = bytes[3];
  if (rank === 0)
    fail('declares rank 0 in its magic number; an IDX file needs at least one dimension');

  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes)
    fail(
      `is truncated in its header: expected ${headerBytes} bytes for rank ${rank}, got ${bytes.length}`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((n, d) => n * d, 1) * type.bytes;
  const got = bytes.length - headerBytes;
  if (got !== expected) {
    const problem = got < expected ? 'is truncated' : 'has extra bytes';
    fail(
      `${problem}: dims ${formatShape(dims)} of ${type.name} need ${expected} bytes of data after the ${headerBytes}-byte header, got ${got}`,
    );
  }
  const code = typeCode as IdxTypeCode;
  const size = expected / type.bytes;
  return { typeCode: code, dims, size, decodeInto: (out) => decode(view, code, headerBytes, out) };
}

function decode(
  view: DataView,
  typeCode: IdxTypeCode,
  offset: number,
  out: Float32Array | Float64Array,
): void {
  const step = IDX_TYPES[typeCode].bytes;
  for (let i = 0, at = offset; i < out.length; i++, at += step) out[i] = read(view, typeCode, at);
}

// NOTE: one switch per value rather than one loop per type: the type is loop-invariant, so V8
// predicts it well, and loading runs once per run, far from the training loop.
function read(view: DataView, typeCode: IdxTypeCode, at: number): number {
  switch (typeCode) {
    case 0x08:
      return view.getUint8(at);
    case 0x09:
      return view.getInt8(at);
    case 0x0b:
      return view.getInt16(at, false);
    case 0x0c:
      return view.getInt32(at, false);
    case 0x0d:
      return view.getFloat32(at, false);
    case 0x0e:
      return view.getFloat64(at, false);
  }
}

function knownCodes(): string {
  return Object.entries(IDX_TYPES)
    .map(([code, type]) => `${hex([Number(code)])} ${type.name}`)
    .join(', ');
}

function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
}
