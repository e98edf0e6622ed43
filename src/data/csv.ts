import { basename } from 'node:path';
import { looksNumeric, parseCsvCell } from './csv-cell.ts';
import { DataFileError, type DataFilePosition } from './data-file-error.ts';
import type { Dataset } from './dataset.ts';
import { readDataFile } from './read-data-file.ts';

const KIND = 'CSV file';

/** Which CSV file to load and how to read it. */
export interface CsvOptions {
  /** A comma-separated file, gzipped or not. */
  readonly path: string;
  /**
   * The label column: its header name, or its number counted from 1 (as error messages count
   * columns). Default: the column named `label` if the header has one, else the first column.
   */
  readonly labelColumn?: string | number;
  /** Whether line 1 is a header row. Default: it is when none of its cells is a number. */
  readonly header?: boolean;
  /** Dataset name; default: the file's name without `.gz`. */
  readonly name?: string;
}

/** The file's lines with their 1-based numbers, blank lines left out. */
interface Line {
  readonly number: number;
  readonly cells: string[];
}

/**
 * Loads a plain numeric CSV as a Dataset: one sample per line, every column but the label a
 * feature (sampleShape [features]), labels integers ≥ 0, classes = largest label + 1.
 * Cells are split on commas and trimmed; blank lines are skipped; a UTF-8 BOM and CRLF endings
 * are fine. Quoted fields are not supported (a `"` anywhere is an error), nor other delimiters.
 * Each failure is a DataFileError naming the file, the line and the column.
 */
export function loadCsv(options: CsvOptions): Dataset {
  const file = options.path;
  const lines = splitLines(readDataFile(file, KIND).toString('utf8'), file);
  if (lines.length === 0) throw new DataFileError({ kind: KIND, file }, 'is empty');
  const hasHeader = options.header ?? lines[0].cells.every((cell) => !looksNumeric(cell));
  const names = hasHeader ? lines[0].cells : undefined;
  const rows = hasHeader ? lines.slice(1) : lines;
  const columns = lines[0].cells.length;
  if (rows.length === 0) {
    throw new DataFileError({ kind: KIND, file }, 'has a header row but no data rows');
  }
  if (columns < 2) {
    throw new DataFileError(
      { kind: KIND, file },
      `has ${columns} column; it needs a label column and at least one feature column, separated by commas`,
    );
  }
  const labelIndex = findLabelColumn(options.labelColumn, names, columns, file);

  const table: Table = {
    file,
    names,
    columns,
    labelIndex,
    shapeSource: names ? 'the header' : `line ${lines[0].number}`,
  };
  const { inputs, labels, classes } = readRows(rows, table, options.header === undefined);
  const name = options.name ?? basename(file).replace(/\.gz$/i, '');
  return { name, sampleShape: [columns - 1], count: rows.length, classes, inputs, labels };
}

/** What the rows are checked against. */
interface Table {
  readonly file: string;
  readonly names: string[] | undefined;
  readonly columns: number;
  readonly labelIndex: number;
  /** Where the expected cell count comes from, for the message. */
  readonly shapeSource: string;
}

function readRows(
  rows: Line[],
  table: Table,
  isHeaderGuessed: boolean,
): { inputs: Float32Array; labels: Float32Array; classes: number } {
  const features = table.columns - 1;
  const inputs = new Float32Array(rows.length * features);
  const labels = new Float32Array(rows.length);
  let max = 0;
  rows.forEach((row, r) => {
    try {
      labels[r] = readRow(row, table, inputs, r * features);
    } catch (error) {
      // A header with a numeric name reads as data; say how to fix that when it is likely.
      if (
        r === 0 &&
        isHeaderGuessed &&
        table.names === undefined &&
        error instanceof DataFileError
      ) {
        error.message += `; if line ${row.number} is a header row, say so (header: true, --header)`;
      }
      throw error;
    }
    if (labels[r] > max) max = labels[r];
  });
  return { inputs, labels, classes: max + 1 };
}

/** Writes one row's features at `offset` and returns its label. */
function readRow(row: Line, table: Table, inputs: Float32Array, offset: number): number {
  const { file, names, columns, labelIndex } = table;
  if (row.cells.length !== columns) {
    throw new DataFileError(
      { kind: KIND, file, line: row.number },
      `found ${row.cells.length} cells, expected ${columns} as in ${table.shapeSource}`,
    );
  }
  const at = (c: number): DataFilePosition => ({
    kind: KIND,
    file,
    line: row.number,
    column: c + 1,
    columnName: names?.[c],
  });
  for (let c = 0, f = offset; c < columns; c++) {
    if (c !== labelIndex) inputs[f++] = readFeature(row.cells[c], c, at);
  }
  return readLabel(row.cells[labelIndex], labelIndex, at);
}

function splitLines(text: string, file: string): Line[] {
  const lines: Line[] = [];
  const raw = text.replace(/^\uFEFF/, '').split('\n');
  raw.forEach((line, i) => {
    if (line.trim() === '') return;
    const quote = line.indexOf('"');
    if (quote >= 0) {
      const column = line.slice(0, quote).split(',').length;
      throw new DataFileError(
        { kind: KIND, file, line: i + 1, column },
        'a quoted field, which this plain numeric CSV reader does not support; remove the quotes',
      );
    }
    lines.push({ number: i + 1, cells: line.split(',').map((cell) => cell.trim()) });
  });
  return lines;
}

function findLabelColumn(
  wanted: string | number | undefined,
  names: string[] | undefined,
  columns: number,
  file: string,
): number {
  if (typeof wanted === 'number') {
    if (Number.isInteger(wanted) && wanted >= 1 && wanted <= columns) return wanted - 1;
    throw new DataFileError(
      { kind: KIND, file },
      `has no column number ${wanted} to take labels from: it has ${columns} columns, counted from 1`,
    );
  }
  if (wanted === undefined) return Math.max(0, names?.indexOf('label') ?? 0);
  if (names === undefined) {
    throw new DataFileError(
      { kind: KIND, file },
      `has no header row, so no column is named '${wanted}'; give the label column's number (from 1) instead`,
    );
  }
  const index = names.indexOf(wanted);
  if (index >= 0) return index;
  throw new DataFileError(
    { kind: KIND, file },
    `has no column named '${wanted}' to take labels from; its columns are ${names.map((n) => `'${n}'`).join(', ')}`,
  );
}

// `at` builds the error position only when a cell is wrong, so good cells allocate nothing.
function readLabel(cell: string, column: number, at: (column: number) => DataFilePosition): number {
  if (cell === '') {
    const message = 'the label is empty; every row needs a class label, an integer from 0';
    throw new DataFileError(at(column), message);
  }
  const parsed = parseCsvCell(cell);
  const label = parsed.problem === undefined ? parsed.value : NaN;
  if (Number.isInteger(label) && label >= 0 && label < 2 ** 24) return label;
  throw new DataFileError(
    at(column),
    `label '${cell}' is not a valid class; labels must be integers from 0 to 2^24 − 1`,
  );
}

function readFeature(
  cell: string,
  column: number,
  at: (column: number) => DataFilePosition,
): number {
  const parsed = parseCsvCell(cell);
  if (parsed.problem === undefined) return parsed.value;
  throw new DataFileError(
    at(column),
    `${parsed.problem}; every feature must be a finite number, so fill in or drop this row`,
  );
}
