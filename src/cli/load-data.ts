import { loadCsv } from '../data/csv.ts';
import type { Dataset } from '../data/dataset.ts';
import { loadIdx } from '../data/idx.ts';
import { loadMnist } from '../data/mnist.ts';

/** The data flags of `gradstream train`, after parsing. */
export interface DataOptions {
  /** `mnist`, `idx` or `csv`; default: `csv` with --csv, `idx` with --images/--labels, else `mnist`. */
  readonly data?: string;
  readonly images?: string;
  readonly labels?: string;
  readonly csv?: string;
  /** A header name, or a column number counted from 1 when it is all digits. */
  readonly labelColumn?: string;
  /** --header / --no-header; unset: auto-detect. */
  readonly header?: boolean;
}

type DataKind = 'mnist' | 'idx' | 'csv';

/** Which flags belong to which source, for the "does not apply" error. */
const FLAGS: Record<Exclude<DataKind, 'mnist'>, readonly (keyof DataOptions)[]> = {
  idx: ['images', 'labels'],
  csv: ['csv', 'labelColumn', 'header'],
};

/**
 * Loads the dataset the train flags name: `--data mnist` (the default) for the `mnist`
 * package's digits, `--data idx --images F --labels F` for an IDX pair, `--data csv --csv F`
 * (with `--label-column` and `--header`) for a CSV file. A flag of another source is an error,
 * so `--csv x.csv --data idx` does not silently train on something else.
 */
export function loadData(options: DataOptions): Dataset {
  const kind = dataKind(options);
  if (kind === 'mnist') return loadMnist();
  if (kind === 'idx') {
    if (options.images === undefined || options.labels === undefined) {
      throw new Error(
        `[gradstream] train: --data idx needs both --images <file> and --labels <file>, got ${given(options, FLAGS.idx)}`,
      );
    }
    return loadIdx({ images: options.images, labels: options.labels });
  }
  if (options.csv === undefined)
    throw new Error('[gradstream] train: --data csv needs --csv <file>');
  return loadCsv({
    path: options.csv,
    labelColumn: labelColumn(options.labelColumn),
    header: options.header,
  });
}

function dataKind(options: DataOptions): DataKind {
  const inferred: DataKind =
    options.csv !== undefined
      ? 'csv'
      : options.images !== undefined || options.labels !== undefined
        ? 'idx'
        : 'mnist';
  const kind = options.data ?? inferred;
  if (kind !== 'mnist' && kind !== 'idx' && kind !== 'csv') {
    throw new Error(`[gradstream] train: --data expects mnist, idx or csv, got '${kind}'`);
  }
  for (const [other, flags] of Object.entries(FLAGS)) {
    const stray = other === kind ? undefined : flags.find((flag) => options[flag] !== undefined);
    if (stray !== undefined) {
      throw new Error(
        `[gradstream] train: ${flagName(stray)} applies only to --data ${other}, but the data is ${kind}; drop it or say --data ${other}`,
      );
    }
  }
  return kind;
}

/** All digits means a column number counted from 1; anything else is a header name. */
function labelColumn(value: string | undefined): string | number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
}

function given(options: DataOptions, flags: readonly (keyof DataOptions)[]): string {
  const present = flags.filter((flag) => options[flag] !== undefined).map(flagName);
  return present.length > 0 ? `only ${present.join(' and ')}` : 'neither';
}

function flagName(key: keyof DataOptions): string {
  if (key === 'header') return '--header/--no-header';
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
