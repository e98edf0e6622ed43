/** Where in a data file a problem sits: the file, and for text formats the line and column. */
export interface DataFilePosition {
  /** What the file is, as the message says it: `CSV file`, `IDX images file`. */
  readonly kind: string;
  readonly file: string;
  /** 1-based line number, as an editor shows it. */
  readonly line?: number;
  /** 1-based column (cell) number, as a spreadsheet counts it. */
  readonly column?: number;
  /** The column's header name, when the file has a header row. */
  readonly columnName?: string;
}

/**
 * A data file that cannot become a dataset: names the file and, for CSV, the line and column.
 * Code: `E_DATA`. Example:
 * `[gradstream] CSV file 'iris.csv', line 7, column 3 ('petal_length'): NaN in the data; …`
 */
export class DataFileError extends TypeError {
  readonly code = 'E_DATA';
  readonly file: string;
  readonly line?: number;
  readonly column?: number;

  constructor(position: DataFilePosition, message: string) {
    // Reads as one sentence: "file 'x' is truncated…", "file 'x', line 7, column 3: NaN in…".
    const isPlace = position.line !== undefined || position.column !== undefined;
    super(`[gradstream] ${where(position)}${isPlace ? ':' : ''} ${message}`);
    this.name = 'DataFileError';
    this.file = position.file;
    this.line = position.line;
    this.column = position.column;
  }
}

function where({ kind, file, line, column, columnName }: DataFilePosition): string {
  let text = `${kind} '${file}'`;
  if (line !== undefined) text += `, line ${line}`;
  if (column !== undefined) text += `, column ${column}`;
  if (columnName !== undefined) text += ` ('${columnName}')`;
  return text;
}
