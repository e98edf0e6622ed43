/** A decimal number as written in a CSV: optional sign, digits with an optional point, exponent. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NOT_A_NUMBER = /^[+-]?nan$/i;
const INFINITE = /^[+-]?inf(inity)?$/i;

/** A cell read as a number, or why it cannot be one (a phrase for the error message). */
export type CsvCell =
  { readonly value: number; readonly problem?: undefined } | { readonly problem: string };

/**
 * Reads one trimmed CSV cell as a finite float32 number. Hex, `_` separators and the like are
 * refused (Number() would take `0x10` and `''`); NaN, ±Infinity, empty cells and values past the
 * float32 range each get their own phrase, so the user learns what is wrong and not only where.
 */
export function parseCsvCell(cell: string): CsvCell {
  if (cell === '') return { problem: 'empty cell in the data' };
  if (NUMBER.test(cell)) {
    const value = Number(cell);
    if (Number.isFinite(Math.fround(value))) return { value };
    return { problem: `value ${cell} is beyond the float32 range (±3.4e38)` };
  }
  if (NOT_A_NUMBER.test(cell)) return { problem: `NaN in the data ('${cell}')` };
  if (INFINITE.test(cell)) return { problem: `infinite value in the data ('${cell}')` };
  return { problem: `'${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}' is not a number` };
}

/** Whether a cell looks numeric to header detection: a number, or a NaN / infinity token. */
export function looksNumeric(cell: string): boolean {
  return NUMBER.test(cell) || NOT_A_NUMBER.test(cell) || INFINITE.test(cell);
}
