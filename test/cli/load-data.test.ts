import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../src/cli/load-data.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gradstream-data-'));
});

function write(name: string, bytes: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A one-dim IDX file of unsigned bytes ([n] labels) or [n, 2] images. */
function idx(values: number[], dims: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(values)]);
}

describe('loadData', () => {
  it('loads the mnist digits by default', () => {
    const data = loadData({});
    expect([data.name, data.count, data.classes]).toEqual(['mnist', 10_000, 10]);
    expect(data.sampleShape).toEqual([784]);
  });

  it('loads an IDX pair with --images and --labels, --data idx or not', () => {
    const images = write('images', idx([0, 255, 51, 0], [2, 2]));
    const labels = write('labels', idx([1, 0], [2]));
    const data = loadData({ images, labels });
    expect(Array.from(data.inputs)).toEqual([0, 1, 0.2, 0].map(Math.fround));
    expect(loadData({ data: 'idx', images, labels })).toEqual(data);
  });

  it('loads a CSV with --csv, reading a digit-only --label-column as a number from 1', () => {
    const path = write('d.csv', 'a,b,label\n1,0,2\n3,1,0\n');
    expect(Array.from(loadData({ csv: path }).labels)).toEqual([2, 0]);
    expect(Array.from(loadData({ data: 'csv', csv: path, labelColumn: '2' }).labels)).toEqual([
      0, 1,
    ]);
    expect(Array.from(loadData({ csv: path, labelColumn: 'a' }).labels)).toEqual([1, 3]);
    const plain = write('plain.csv', '5,1\n6,2\n');
    expect(loadData({ csv: plain, header: true }).count).toBe(1);
  });

  it.each([
    [{ data: 'cifar' }, "[gradstream] train: --data expects mnist, idx or csv, got 'cifar'"],
    [
      { data: 'idx', images: 'x' },
      '[gradstream] train: --data idx needs both --images <file> and --labels <file>, got only --images',
    ],
    [
      { data: 'idx' },
      '[gradstream] train: --data idx needs both --images <file> and --labels <file>, got neither',
    ],
    [{ data: 'csv' }, '[gradstream] train: --data csv needs --csv <file>'],
    [
      { data: 'idx', csv: 'x.csv', images: 'i', labels: 'l' },
      '[gradstream] train: --csv applies only to --data csv, but the data is idx; drop it or say --data csv',
    ],
    [
      { csv: 'x.csv', images: 'i' },
      '[gradstream] train: --images applies only to --data idx, but the data is csv; drop it or say --data idx',
    ],
    [
      { labelColumn: 'y' },
      '[gradstream] train: --label-column applies only to --data csv, but the data is mnist; drop it or say --data csv',
    ],
    [
      { header: false },
      '[gradstream] train: --header/--no-header applies only to --data csv, but the data is mnist; drop it or say --data csv',
    ],
  ])('refuses flags that do not fit: %j', (options, message) => {
    expect(() => loadData(options)).toThrow(message);
  });
});
