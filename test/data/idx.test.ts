import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/data/data-file-error.ts';
import { loadIdx } from '../../src/data/idx.ts';

type TypeName = 'ubyte' | 'sbyte' | 'short' | 'int' | 'float' | 'double';

const CODES: Record<TypeName, [code: number, bytes: number]> = {
  ubyte: [0x08, 1],
  sbyte: [0x09, 1],
  short: [0x0b, 2],
  int: [0x0c, 4],
  float: [0x0d, 4],
  double: [0x0e, 8],
};

/** Encodes values as an IDX file, written here independently of the loader. */
function idx(type: TypeName, dims: number[], values: number[]): Buffer {
  const [code, size] = CODES[type];
  const out = Buffer.alloc(4 + 4 * dims.length + size * values.length);
  out.writeUInt8(code, 2);
  out.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => out.writeUInt32BE(d, 4 + 4 * i));
  const at = (i: number): number => 4 + 4 * dims.length + size * i;
  values.forEach((v, i) => {
    if (type === 'ubyte') out.writeUInt8(v, at(i));
    if (type === 'sbyte') out.writeInt8(v, at(i));
    if (type === 'short') out.writeInt16BE(v, at(i));
    if (type === 'int') out.writeInt32BE(v, at(i));
    if (type === 'float') out.writeFloatBE(v, at(i));
    if (type === 'double') out.writeDoubleBE(v, at(i));
  });
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gradstream-idx-'));
});

function write(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const PIXELS = [0, 255, 51, 102, 1, 2, 3, 4, 250, 128, 64, 32];
const LABELS = [2, 0, 4];

describe('loadIdx', () => {
  it('scales unsigned bytes into [0, 1] and flattens each image', () => {
    const images = write('train-images-idx3-ubyte', idx('ubyte', [3, 2, 2], PIXELS));
    const labels = write('train-labels-idx1-ubyte', idx('ubyte', [3], LABELS));
    const data = loadIdx({ images, labels });

    expect(data.name).toBe('train-images-idx3-ubyte');
    expect(data.sampleShape).toEqual([4]);
    expect(data.count).toBe(3);
    expect(data.classes).toBe(5);
    expect(Array.from(data.labels)).toEqual(LABELS);
    expect(Array.from(data.inputs)).toEqual(PIXELS.map((p) => Math.fround(p / 255)));
    expect(data.inputs[1]).toBe(1);
  });

  it('keeps the image dims with flatten: false and takes a given name', () => {
    const images = write('keep-images', idx('ubyte', [3, 2, 2], PIXELS));
    const labels = write('keep-labels', idx('ubyte', [3], LABELS));
    const data = loadIdx({ images, labels, flatten: false, name: 'tiny' });
    expect(data.sampleShape).toEqual([2, 2]);
    expect(data.name).toBe('tiny');
  });

  it('reads gzipped files to the same dataset as plain ones', () => {
    const plain = loadIdx({
      images: write('p-images', idx('ubyte', [3, 2, 2], PIXELS)),
      labels: write('p-labels', idx('ubyte', [3], LABELS)),
    });
    const images = write('t10k-images-idx3-ubyte.gz', gzipSync(idx('ubyte', [3, 2, 2], PIXELS)));
    const labels = write('t10k-labels-idx1-ubyte.gz', gzipSync(idx('ubyte', [3], LABELS)));
    const zipped = loadIdx({ images, labels });
    expect(zipped.name).toBe('t10k-images-idx3-ubyte');
    expect(zipped.inputs).toEqual(plain.inputs);
    expect(zipped.labels).toEqual(plain.labels);
  });

  it.each<[TypeName, number[]]>([
    ['sbyte', [-128, 127, -1, 0]],
    ['short', [-32768, 32767, 1000, -7]],
    ['int', [-70000, 2 ** 24, 123456, -1]],
    ['float', [0.1, -2.5, 3e30, -1e-30]],
    ['double', [0.1, -2.5, 1e38, 1 / 3]],
  ])('takes %s values as they are, without scaling', (type, values) => {
    const images = write(`${type}-images`, idx(type, [2, 2], values));
    const labels = write(`${type}-labels`, idx(type, [2], [1, 0]));
    const data = loadIdx({ images, labels });
    expect(data.sampleShape).toEqual([2]);
    expect(Array.from(data.inputs)).toEqual(values.map((v) => Math.fround(v)));
    expect(Array.from(data.labels)).toEqual([1, 0]);
    expect(data.classes).toBe(2);
  });

  it('gives rank-1 images the sample shape [1]', () => {
    const data = loadIdx({
      images: write('r1-images', idx('ubyte', [3], [0, 51, 255])),
      labels: write('r1-labels', idx('ubyte', [3], [0, 1, 1])),
    });
    expect(data.sampleShape).toEqual([1]);
    expect(Array.from(data.inputs)).toEqual([0, 0.2, 1].map(Math.fround));
  });
});

describe('loadIdx errors', () => {
  const labels = (): string => write('ok-labels', idx('ubyte', [3], LABELS));
  const images = (): string => write('ok-images', idx('ubyte', [3, 2, 2], PIXELS));

  function expectError(options: { images: string; labels: string }, pattern: RegExp): void {
    let error: unknown;
    try {
      loadIdx(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).code).toBe('E_DATA');
    expect((error as Error).message).toMatch(/^\[gradstream\] /);
    expect((error as Error).message).toMatch(pattern);
  }

  it('names a file that does not exist', () => {
    expectError(
      { images: join(dir, 'missing'), labels: labels() },
      /^\[gradstream\] IDX images file '.*missing' cannot be read \(ENOENT\); check the path$/,
    );
  });

  it('names a file too short for a header', () => {
    expectError(
      { images: write('short', Buffer.from([0, 0, 8])), labels: labels() },
      /IDX images file '.*short' is too short for an IDX header: expected at least 4 bytes, got 3$/,
    );
  });

  it('names a file with a bad magic number', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]);
    expectError(
      { images: write('digits.png', png), labels: labels() },
      /IDX images file '.*digits\.png' does not start with the IDX magic number: expected bytes 00 00 <type> <rank>, got 0x89 0x50 0x4e 0x47;/,
    );
  });

  it('names an unknown type code', () => {
    const bytes = idx('ubyte', [3], LABELS);
    bytes[2] = 0x0a;
    expectError(
      { images: images(), labels: write('type-0a', bytes) },
      /IDX labels file '.*type-0a' has unknown IDX data type code 0x0a in its magic number; known codes: 0x08 unsigned byte, 0x09 signed byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double$/,
    );
  });

  it('names a rank of 0', () => {
    expectError(
      { images: write('rank0', Buffer.from([0, 0, 8, 0])), labels: labels() },
      /IDX images file '.*rank0' declares rank 0/,
    );
  });

  it('names a truncated header', () => {
    const bytes = idx('ubyte', [3, 2, 2], PIXELS).subarray(0, 10);
    expectError(
      { images: write('cut-header', bytes), labels: labels() },
      /IDX images file '.*cut-header' is truncated in its header: expected 16 bytes for rank 3, got 10$/,
    );
  });

  it('names truncated data with the bytes expected and got', () => {
    const bytes = idx('short', [3, 2, 2], PIXELS).subarray(0, 16 + 20);
    expectError(
      { images: write('cut-data', bytes), labels: labels() },
      /IDX images file '.*cut-data' is truncated: dims \[3, 2, 2\] of short need 24 bytes of data after the 16-byte header, got 20$/,
    );
  });

  it('names extra bytes after the data', () => {
    const bytes = Buffer.concat([idx('ubyte', [3], LABELS), Buffer.from([7])]);
    expectError(
      { images: images(), labels: write('extra', bytes) },
      /IDX labels file '.*extra' has extra bytes: dims \[3\] of unsigned byte need 3 bytes of data after the 8-byte header, got 4$/,
    );
  });

  it('names a gzip file that does not decompress', () => {
    const zipped = gzipSync(idx('ubyte', [3, 2, 2], PIXELS));
    const path = write('broken.gz', zipped.subarray(0, zipped.length - 12));
    expectError(
      { images: path, labels: labels() },
      /IDX images file '.*broken\.gz' starts like gzip but does not decompress \(.+\); the download may be incomplete$/,
    );
  });

  it('names both files when image and label counts disagree', () => {
    const two = write('two-labels', idx('ubyte', [2], [0, 1]));
    expectError(
      { images: images(), labels: two },
      /IDX images file '.*ok-images' holds 3 images but labels file '.*two-labels' holds 2 labels; the two files must come from the same set$/,
    );
  });

  it('names labels of rank 2', () => {
    expectError(
      { images: images(), labels: write('labels-2d', idx('ubyte', [3, 1], LABELS)) },
      /IDX labels file '.*labels-2d' must have rank 1 \(one class index per sample\), got dims \[3, 1\]$/,
    );
  });

  it('names an images file with no samples', () => {
    expectError(
      {
        images: write('empty-images', idx('ubyte', [0, 2], [])),
        labels: write('empty-labels', idx('ubyte', [0], [])),
      },
      /IDX images file '.*empty-images' holds no samples/,
    );
  });

  it.each<[TypeName, number[], string]>([
    [
      'sbyte',
      [0, -1, 2],
      'has label -1 at sample 1 \\(counted from 0\\), which is not a valid class; labels must be integers from 0 to 2\\^24 − 1 \\(this file stores signed bytes\\)',
    ],
    [
      'float',
      [0, 1, 1.5],
      'has label 1.5 at sample 2 \\(counted from 0\\), which is not a valid class',
    ],
    [
      'double',
      [NaN, 1, 2],
      'has label NaN at sample 0 \\(counted from 0\\), which is not a valid class',
    ],
  ])('names a %s label that is not a valid class', (type, values, message) => {
    expectError(
      { images: images(), labels: write(`bad-${type}-labels`, idx(type, [3], values)) },
      new RegExp(`IDX labels file '.*bad-${type}-labels' ${message}`),
    );
  });

  it('names NaN and infinite image values with the sample and value index', () => {
    const nan = write('nan-images', idx('float', [3, 2], [0, 1, 2, 3, NaN, 5]));
    expectError(
      { images: nan, labels: labels() },
      /IDX images file '.*nan-images' has NaN in the data at sample 2, value 0 \(both counted from 0\); every input must be a finite number$/,
    );
    const big = write('big-images', idx('double', [3, 2], [0, 1, 2, 1e300, 4, 5]));
    expectError(
      { images: big, labels: labels() },
      /IDX images file '.*big-images' has Infinity \(beyond float32 range or infinite\) in the data at sample 1, value 1/,
    );
  });
});
