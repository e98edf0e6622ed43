import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCsv, type CsvOptions } from '../../src/data/csv.ts';
import { DataFileError } from '../../src/data/data-file-error.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gradstream-csv-'));
});

function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function errorOf(options: CsvOptions): DataFileError {
  try {
    loadCsv(options);
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).code).toBe('E_DATA');
    return error as DataFileError;
  }
  throw new Error('expected loadCsv to throw');
}

describe('loadCsv', () => {
  it('takes the column named label and every other column as a feature', () => {
    const path = write('iris.csv', 'x1,label,x2\n0.5,1,-2\n1e-3,0,3.25\n\n+7,2,.5\n');
    const data = loadCsv({ path });
    expect(data.name).toBe('iris.csv');
    expect(data.sampleShape).toEqual([2]);
    expect(data.count).toBe(3);
    expect(data.classes).toBe(3);
    expect(Array.from(data.labels)).toEqual([1, 0, 2]);
    expect(Array.from(data.inputs)).toEqual([0.5, -2, 1e-3, 3.25, 7, 0.5].map(Math.fround));
  });

  it('takes the first column as the label when there is no header', () => {
    const data = loadCsv({ path: write('plain.csv', '3,0.25,0.5\n0,1,2\n') });
    expect(data.count).toBe(2);
    expect(data.classes).toBe(4);
    expect(Array.from(data.labels)).toEqual([3, 0]);
    expect(Array.from(data.inputs)).toEqual([0.25, 0.5, 1, 2]);
  });

  it('takes the first column as the label when the header has no label column', () => {
    const data = loadCsv({ path: write('y-first.csv', 'y,a,b\n1,2,3\n') });
    expect(Array.from(data.labels)).toEqual([1]);
    expect(Array.from(data.inputs)).toEqual([2, 3]);
  });

  it('finds the label column by name or by number counted from 1', () => {
    const path = write('named.csv', 'a,b,class\n1,2,0\n3,4,1\n');
    const byName = loadCsv({ path, labelColumn: 'class' });
    const byNumber = loadCsv({ path, labelColumn: 3 });
    expect(Array.from(byName.labels)).toEqual([0, 1]);
    expect(Array.from(byName.inputs)).toEqual([1, 2, 3, 4]);
    expect(byNumber).toEqual(byName);
    expect(Array.from(loadCsv({ path, labelColumn: 1 }).labels)).toEqual([1, 3]);
  });

  it('reads CRLF endings, a BOM, spaces around cells and gzip', () => {
    const text = '\uFEFFlabel , f1, f2\r\n 1 , 2.5 ,-1\r\n0,0,0\r\n';
    const plain = loadCsv({ path: write('crlf.csv', text) });
    expect(Array.from(plain.labels)).toEqual([1, 0]);
    expect(Array.from(plain.inputs)).toEqual([2.5, -1, 0, 0]);
    const zipped = loadCsv({ path: write('crlf.csv.gz', gzipSync(text)) });
    expect(zipped.name).toBe('crlf.csv');
    expect(zipped.inputs).toEqual(plain.inputs);
  });

  it('treats line 1 as data or as a header when told', () => {
    const path = write('forced.csv', '0,1\n1,2\n');
    expect(loadCsv({ path, header: true }).count).toBe(1);
    expect(loadCsv({ path, header: false }).count).toBe(2);
  });
});

describe('loadCsv errors', () => {
  it.each([
    [
      'text',
      'label,a,b\n0,1,2\n1,abc,3\n',
      /CSV file '.*text\.csv', line 3, column 2 \('a'\): 'abc' is not a number; every feature must be a finite number/,
    ],
    [
      'nan',
      'label,a,b\n0,1,2\n\n1,3,NaN\n',
      /CSV file '.*nan\.csv', line 4, column 3 \('b'\): NaN in the data \('NaN'\); every feature must be a finite number, so fill in or drop this row$/,
    ],
    [
      'inf',
      '0,1,-inf\n',
      /CSV file '.*inf\.csv', line 1, column 3: infinite value in the data \('-inf'\)/,
    ],
    [
      'empty',
      'label,a,b\n0,,2\n',
      /CSV file '.*empty\.csv', line 2, column 2 \('a'\): empty cell in the data;/,
    ],
    [
      'huge',
      'label,a\n0,1e39\n',
      /CSV file '.*huge\.csv', line 2, column 2 \('a'\): value 1e39 is beyond the float32 range/,
    ],
    ['hex', '0,0x10\n', /CSV file '.*hex\.csv', line 1, column 2: '0x10' is not a number/],
  ])('names the line and column of a bad feature cell (%s)', (name, text, pattern) => {
    expect(errorOf({ path: write(`${name}.csv`, text) }).message).toMatch(pattern);
  });

  it('names the line of a row with the wrong number of cells', () => {
    const error = errorOf({ path: write('ragged.csv', 'label,a,b\n0,1,2\n1,2\n') });
    expect(error.message).toMatch(
      /^\[gradstream\] CSV file '.*ragged\.csv', line 3: found 2 cells, expected 3 as in the header$/,
    );
    expect([error.line, error.column]).toEqual([3, undefined]);
    const headless = errorOf({ path: write('ragged2.csv', '0,1,2\n1,2,3,4\n') });
    expect(headless.message).toMatch(/line 2: found 4 cells, expected 3 as in line 1$/);
  });

  it.each([
    ['negative', '-1', "label '-1' is not a valid class"],
    [
      'fraction',
      '1.5',
      "label '1.5' is not a valid class; labels must be integers from 0 to 2\\^24 − 1",
    ],
    ['word', 'cat', "label 'cat' is not a valid class"],
    ['nan-label', 'nan', "label 'nan' is not a valid class"],
  ])('names the line and column of a %s label', (name, label, message) => {
    const error = errorOf({ path: write(`${name}.csv`, `a,label\n1,0\n2,${label}\n`) });
    expect(error.message).toMatch(
      new RegExp(`CSV file '.*${name}\\.csv', line 3, column 2 \\('label'\\): ${message}`),
    );
    expect([error.line, error.column]).toEqual([3, 2]);
  });

  it('hints at --header when line 1 was taken for data and fails', () => {
    const path = write('numeric-header.csv', 'label,1,2\n0,3,4\n');
    expect(errorOf({ path }).message).toMatch(
      /line 1, column 1: label 'label' is not a valid class; .*; if line 1 is a header row, say so \(header: true, --header\)$/,
    );
    expect(Array.from(loadCsv({ path, header: true }).inputs)).toEqual([3, 4]);
  });

  it('names an empty label cell', () => {
    expect(errorOf({ path: write('no-label.csv', '0,1\n,2\n') }).message).toMatch(
      /line 2, column 1: the label is empty; every row needs a class label/,
    );
  });

  it('refuses quoted fields with their line and column', () => {
    const error = errorOf({ path: write('quoted.csv', 'label,a,b\n0,1,2\n1,2,"3"\n') });
    expect(error.message).toMatch(
      /CSV file '.*quoted\.csv', line 3, column 3: a quoted field, which this plain numeric CSV reader does not support; remove the quotes$/,
    );
  });

  it('names a label column that does not exist', () => {
    const path = write('cols.csv', 'a,b,c\n1,2,3\n');
    expect(errorOf({ path, labelColumn: 'y' }).message).toMatch(
      /CSV file '.*cols\.csv' has no column named 'y' to take labels from; its columns are 'a', 'b', 'c'$/,
    );
    expect(errorOf({ path, labelColumn: 4 }).message).toMatch(
      /has no column number 4 to take labels from: it has 3 columns, counted from 1$/,
    );
    expect(errorOf({ path, labelColumn: 0 }).message).toMatch(/has no column number 0/);
    const headless = write('headless.csv', '1,2,3\n');
    expect(errorOf({ path: headless, labelColumn: 'a' }).message).toMatch(
      /has no header row, so no column is named 'a'; give the label column's number \(from 1\) instead$/,
    );
  });

  it('names files that hold no samples or no features', () => {
    expect(errorOf({ path: write('blank.csv', '\n \n') }).message).toMatch(
      /CSV file '.*blank\.csv' is empty$/,
    );
    expect(errorOf({ path: write('header-only.csv', 'label,a\n') }).message).toMatch(
      /has a header row but no data rows$/,
    );
    expect(errorOf({ path: write('one-column.csv', '1\n2\n') }).message).toMatch(
      /has 1 column; it needs a label column and at least one feature column/,
    );
  });

  it('names a file that cannot be read', () => {
    expect(errorOf({ path: join(dir, 'nope.csv') }).message).toMatch(
      /^\[gradstream\] CSV file '.*nope\.csv' cannot be read \(ENOENT\); check the path$/,
    );
  });
});
