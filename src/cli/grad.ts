import { activationMaths } from '../nodes/activations/index.ts';
import { evaluateActivation } from '../nodes/activations/elementwise.ts';
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
 */
export function gradCommand(name: string, xs: readonly string[], options: GradOptions): string {
  const math = activationMaths[name] ?? activationMaths[camelCase(name)];
  if (math === undefined && ['softmax', 'logSoftmax'].includes(camelCase(name))) {
    throw new Error(
      `[gradstream] grad: '${name}' is not elementwise (each output depends on the whole row, so its derivative is a Jacobian); grad prints elementwise activations`,
    );
  }
  if (math === undefined) {
    throw new Error(
      `[gradstream] grad: unknown activation '${name}'; known: ${Object.keys(activationMaths).join(', ')}`,
    );
  }
  const values = xs.map((x) => {
    const v = Number(x);
    // Decimal notation only: Number() would also read '0x10' as 16 and '' as 0.
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(x.trim()) || !Number.isFinite(v))
      throw new Error(`[gradstream] grad: '${x}' is not a finite number`);
    return v;
  });
  const given: Record<string, unknown> = parseParams(options.param ?? []);
  if (options.alpha !== undefined) given.alpha = options.alpha;
  const params = withFlagNames(() =>
    resolveParams(given, math.params, { field: 'params', op: math.op }),
  );
  const { y, dydx } = evaluateActivation(math, values, params);
  if (options.json) return JSON.stringify({ activation: math.op, params, x: values, y, dydx });
  const rows = values.map((x, i) => [fmt(x), fmt(y[i]), fmt(dydx[i])]);
  return table([['x', `${math.op}(x)`, `d${math.op}/dx`], ...rows]);
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

/** Rephrases a spec-style parameter error ("graph spec, field 'params.beta': …") as about --param. */
function withFlagNames<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (error) {
    if (!(error instanceof GraphSpecError)) throw error;
    const name = error.field?.replace(/^params\.?/, '') || 'params';
    const detail = error.message.replace(/^\[gradstream\] graph spec, field '[^']*': /, '');
    throw new Error(`[gradstream] grad: --param ${name}: ${detail}`);
  }
}
