import { activationMaths, lastAxisMaths } from '../nodes/activations/index.ts';
import { evaluateActivation } from '../nodes/activations/elementwise.ts';
import { evaluateLastAxis, type LastAxisMath } from '../nodes/activations/last-axis.ts';
import { GraphSpecError } from '../graph/errors.ts';
import { resolveParams } from '../graph/params.ts';

/** Options of `gradstream grad`. */
export interface GradOptions {
  readonly alpha?: number;
  readonly json?: boolean;
  /** Extra activation parameters as `name=value` pairs (`--param beta=2`). */
  readonly param?: readonly string[];
}

/**
 * `gradstream grad <activation> <x...>`: the activation and its derivative at each x, computed
 * by the same code that trains networks, run in double precision. Returns the text to print.
 * Softmax and log-softmax take the x values as one vector and print the Jacobian's diagonal
 * ∂y_i/∂x_i as dydx, then the whole Jacobian.
 */
export function gradCommand(name: string, xs: readonly string[], options: GradOptions): string {
  const rowMath = lastAxisMaths[name] ?? lastAxisMaths[camelCase(name)];
  const math = activationMaths[name] ?? activationMaths[camelCase(name)];
  if (math === undefined && rowMath === undefined) {
    const known = [...Object.keys(activationMaths), ...Object.keys(lastAxisMaths)];
    throw new Error(`[gradstream] grad: unknown activation '${name}'; known: ${known.join(', ')}`);
  }
  const values = xs.map(parsePoint);
  const given: Record<string, unknown> = parseParams(options.param ?? []);
  if (options.alpha !== undefined) given.alpha = options.alpha;
  if (rowMath !== undefined) return gradLastAxis(rowMath, values, given, options);
  const params = withFlagNames(options, () =>
    resolveParams(given, math.params, { field: 'params', op: math.op }),
  );
  const { y, dydx } = evaluateActivation(math, values, params);
  if (options.json) return JSON.stringify({ activation: math.op, params, x: values, y, dydx });
  const rows = values.map((x, i) => [fmt(x), fmt(y[i]), fmt(dydx[i])]);
  return table([['x', `${math.op}(x)`, `d${math.op}/dx`], ...rows]);
}

/**
 * Softmax-like activations: x is one vector over the last axis, so each y_i depends on every
 * x_j. `dydx` is the Jacobian's diagonal ∂y_i/∂x_i (`dydxKind` says so in JSON) and `jacobian`
 * holds every ∂y_i/∂x_j, row i for output i.
 */
function gradLastAxis(
  math: LastAxisMath,
  values: readonly number[],
  given: Record<string, unknown>,
  options: GradOptions,
): string {
  const params = withFlagNames(options, () =>
    resolveParams(given, {}, { field: 'params', op: math.op }),
  );
  if (values.length === 0) throw new Error(`[gradstream] grad: '${math.op}' needs at least one x`);
  const { y, jacobian } = evaluateLastAxis(math, values);
  const dydx = jacobian.map((row, i) => row[i]);
  if (options.json) {
    const kind = 'jacobianDiagonal';
    return JSON.stringify({
      activation: math.op,
      params,
      x: values,
      y,
      dydx,
      dydxKind: kind,
      jacobian,
    });
  }
  const rows = values.map((x, i) => [fmt(x), fmt(y[i]), fmt(dydx[i])]);
  return [
    `${math.op} over the vector x; dy_i/dx_i is the diagonal of the Jacobian`,
    table([['x_i', `${math.op}(x)_i`, 'dy_i/dx_i'], ...rows]),
    '',
    'Jacobian dy_i/dx_j (row i: output y_i; column j: input x_j)',
    table(jacobian.map((row) => row.map(fmt))),
  ].join('\n');
}

/** A point given on the command line: decimal notation only. */
function parsePoint(x: string): number {
  const v = Number(x);
  // Number() would also read '0x10' as 16 and '' as 0.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(x.trim()) || !Number.isFinite(v))
    throw new Error(`[gradstream] grad: '${x}' is not a finite number`);
  return v;
}

function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const [key, value] = pair.split('=');
    if (!key || value === undefined)
      throw new Error(`[gradstream] grad: --param expects name=value, got '${pair}'`);
    out[key] =
      value === 'true'
        ? true
        : value === 'false'
          ? false
          : Number.isNaN(Number(value))
            ? value
            : Number(value);
  }
  return out;
}

function camelCase(name: string): string {
  return name.replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());
}

/** Eight significant digits without trailing zeros: 0.19661193, 0.001, -2.5. */
function fmt(v: number): string {
  return String(Number(v.toPrecision(8)));
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n');
}

/**
 * Rephrases a spec-style parameter error ("graph spec, field 'params.beta': …") as about the flag
 * the user typed: `--alpha` when alpha came from it (it overrides `--param alpha=`), else `--param`.
 */
function withFlagNames<T>(options: GradOptions, resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof GraphSpecError)) throw error;
    const name = error.field?.replace(/^params\.?/, '') || 'params';
    const flag = name === 'alpha' && options.alpha !== undefined ? '--alpha' : `--param ${name}`;
    const detail = error.message.replace(/^\[gradstream\] graph spec, field '[^']*': /, '');
    throw new Error(`[gradstream] grad: ${flag}: ${detail}`);
  }
}
