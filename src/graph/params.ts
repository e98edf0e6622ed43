import type { ParamRule, ParamRules, ParamValues } from '../nodes/node.ts';
import { GraphSpecError } from './errors.ts';

/**
 * Checks a node's `params` against its op's rules and fills in defaults.
 * Throws GraphSpecError naming the node and the field for unknown, missing or ill-typed values.
 */
export function resolveParams(
  raw: unknown,
  rules: ParamRules,
  where: { nodeId?: string; field: string; op: string },
): ParamValues {
  if (raw === undefined) raw = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GraphSpecError(
      `expected an object of parameters, got ${describe(raw)}`,
      where.nodeId,
      where.field,
    );
  }
  const given = raw as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!(name in rules)) {
      const known = Object.keys(rules);
      const hint =
        known.length > 0
          ? `; '${where.op}' takes ${known.map((k) => `'${k}'`).join(', ')}`
          : `; '${where.op}' takes none`;
      throw new GraphSpecError(
        `unknown parameter '${name}'${hint}`,
        where.nodeId,
        `${where.field}.${name}`,
      );
    }
  }
  const resolved: Record<string, number | boolean | string> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const field = `${where.field}.${name}`;
    const value = given[name] ?? rule.default;
    if (value === undefined) {
      throw new GraphSpecError(
        `'${where.op}' needs parameter '${name}' (${expectation(rule)})`,
        where.nodeId,
        field,
      );
    }
    checkValue(value, rule, where.nodeId, field);
    resolved[name] = value as number | boolean | string;
  }
  return resolved;
}

function checkValue(
  value: unknown,
  rule: ParamRule,
  nodeId: string | undefined,
  field: string,
): void {
  const fail = (): never => {
    throw new GraphSpecError(
      `expected ${expectation(rule)}, got ${describe(value)}`,
      nodeId,
      field,
    );
  };
  switch (rule.type) {
    case 'boolean':
      if (typeof value !== 'boolean') fail();
      return;
    case 'string':
      if (typeof value !== 'string') fail();
      if (rule.choices && !rule.choices.includes(value as string)) fail();
      return;
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail();
      const n = value as number;
      if (rule.type === 'integer' && !Number.isInteger(n)) fail();
      if (rule.min !== undefined && n < rule.min) fail();
      if (rule.type === 'number' && rule.exclusiveMin && rule.min !== undefined && n <= rule.min)
        fail();
      if (rule.max !== undefined && n > rule.max) fail();
      return;
    }
  }
}

/** Words for what a rule accepts: "an integer ≥ 1", "one of 'a', 'b'". */
export function expectation(rule: ParamRule): string {
  switch (rule.type) {
    case 'boolean':
      return 'true or false';
    case 'string':
      return rule.choices ? `one of ${rule.choices.map((c) => `'${c}'`).join(', ')}` : 'a string';
    case 'integer':
    case 'number': {
      const noun = rule.type === 'integer' ? 'an integer' : 'a finite number';
      const bounds: string[] = [];
      const isExclusive = rule.type === 'number' && rule.exclusiveMin;
      if (rule.min !== undefined) bounds.push(`${isExclusive ? '>' : '≥'} ${rule.min}`);
      if (rule.max !== undefined) bounds.push(`≤ ${rule.max}`);
      return bounds.length > 0 ? `${noun} ${bounds.join(' and ')}` : noun;
    }
  }
}

/** A short rendering of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value))
    return `an array [${value
      .slice(0, 4)
      .map((v) => JSON.stringify(v))
      .join(', ')}${value.length > 4 ? ', …' : ''}]`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
