import type { ParamValues } from '../nodes/node.ts';
import { clipDefinitions, optimizerDefinitions, scheduleDefinitions } from '../optim/registry.ts';
import { GraphSpecError } from './errors.ts';
import { describe, resolveParams } from './params.ts';

/** A validated schedule: parameters resolved, and the schedule that follows a warm-up, if any. */
export interface ValidSchedule {
  readonly op: string;
  readonly params: ParamValues;
  readonly then?: ValidSchedule;
}

/** A validated optimizer entry with its optional schedule and clipping. */
export interface ValidOptimizer {
  readonly op: string;
  readonly params: ParamValues;
  readonly schedule?: ValidSchedule;
  readonly clip?: { readonly op: string; readonly params: ParamValues };
}

/**
 * Checks the spec's `optimizer` entry (Adam with defaults when absent), its `schedule` and its
 * `clip`; a GraphSpecError names the field, such as `optimizer.schedule.params.tMax`.
 */
export function validateOptimizer(raw: unknown): ValidOptimizer {
  const entry = expectEntry(raw ?? { op: 'adam' }, 'optimizer', [
    'op',
    'params',
    'schedule',
    'clip',
  ]);
  const definition = lookUp(entry.op, optimizerDefinitions, 'optimizer');
  const params = resolveParams(entry.params, definition.params, {
    field: 'optimizer.params',
    op: definition.op,
  });
  const schedule =
    entry.schedule === undefined
      ? undefined
      : validateSchedule(entry.schedule, 'optimizer.schedule');
  const clip = entry.clip === undefined ? undefined : validateClip(entry.clip);
  return { op: definition.op, params, ...(schedule && { schedule }), ...(clip && { clip }) };
}

function validateSchedule(raw: unknown, field: string): ValidSchedule {
  const entry = expectEntry(raw, field, ['op', 'params', 'then']);
  const definition = lookUp(entry.op, scheduleDefinitions, field);
  const params = resolveParams(entry.params, definition.params, {
    field: `${field}.params`,
    op: definition.op,
  });
  if (entry.then === undefined) return { op: definition.op, params };
  if (!definition.takesThen) {
    throw new GraphSpecError(
      `schedule '${definition.op}' takes no 'then'; only 'warmup' hands over to another schedule`,
      undefined,
      `${field}.then`,
    );
  }
  const then = validateSchedule(entry.then, `${field}.then`);
  if (scheduleDefinitions.get(then.op)?.drivenBy !== 'step') {
    throw new GraphSpecError(
      `expected a step-driven schedule after a warm-up, got '${then.op}', which reads the loss`,
      undefined,
      `${field}.then.op`,
    );
  }
  return { op: definition.op, params, then };
}

function validateClip(raw: unknown): NonNullable<ValidOptimizer['clip']> {
  const entry = expectEntry(raw, 'optimizer.clip', ['op', 'params']);
  const definition = lookUp(entry.op, clipDefinitions, 'optimizer.clip');
  return {
    op: definition.op,
    params: resolveParams(entry.params, definition.params, {
      field: 'optimizer.clip.params',
      op: definition.op,
    }),
  };
}

function expectEntry(
  raw: unknown,
  field: string,
  keys: readonly string[],
): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GraphSpecError(
      `expected an object such as { "op": "…", "params": {} }, got ${describe(raw)}`,
      undefined,
      field,
    );
  }
  const unknown = Object.keys(raw).find((k) => !keys.includes(k));
  if (unknown !== undefined) {
    throw new GraphSpecError(
      `unknown key '${unknown}'; expected ${keys.map((k) => `'${k}'`).join(', ')}`,
      undefined,
      `${field}.${unknown}`,
    );
  }
  return raw as Record<string, unknown>;
}

function lookUp<T>(op: unknown, definitions: ReadonlyMap<string, T>, field: string): T {
  const definition = typeof op === 'string' ? definitions.get(op) : undefined;
  if (definition === undefined) {
    throw new GraphSpecError(
      `unknown op ${describe(op)}; known: ${[...definitions.keys()].join(', ')}`,
      undefined,
      `${field}.op`,
    );
  }
  return definition;
}
