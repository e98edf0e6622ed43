import { PROTOCOL_VERSION, type PublishedMessage } from './protocol.ts';

/** The outcome of reading one incoming frame: messages to publish, or why it was rejected. */
export type ParseResult =
  | { readonly ok: true; readonly messages: readonly PublishedMessage[] }
  | { readonly ok: false; readonly error: string };

const MAX_ID_LENGTH = 200;
const MAX_TEXT_LENGTH = 2000;
const MAX_ITEMS = 4096;
const MAX_BATCH = 1000;
const MAX_RANK = 8;

type Json = Record<string, unknown>;
type Check = (v: unknown) => boolean;

/**
 * What an object may hold: `required` fields must pass their check, `optional` ones when
 * present; `lists` are arrays of objects of another shape. Everything else is dropped, so what
 * the server keeps and forwards has the protocol's fields and no others.
 */
interface Shape {
  readonly required?: Readonly<Record<string, Check>>;
  readonly optional?: Readonly<Record<string, Check>>;
  readonly lists?: Readonly<Record<string, Shape>>;
  /** Lists that may be absent, read as empty. */
  readonly optionalLists?: Readonly<Record<string, Shape>>;
}

/**
 * Reads a frame a publisher sent: one message or `{type: 'batch', messages: [...]}`. Anything
 * that is not valid JSON or does not match the protocol is rejected with a reason, never thrown;
 * what is accepted is a fresh copy holding only the protocol's fields.
 */
export function parseMessage(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: '[gradstream] message is not valid JSON' };
  }
  const batch = isObject(value) && value.type === 'batch' ? value : undefined;
  if (batch !== undefined && batch.v !== PROTOCOL_VERSION)
    return {
      ok: false,
      error: `[gradstream] batch: expected protocol version v=${PROTOCOL_VERSION}, got ${JSON.stringify(batch.v)}`,
    };
  const items = batch !== undefined ? batch.messages : [value];
  if (!Array.isArray(items) || items.length > MAX_BATCH) {
    return {
      ok: false,
      error: `[gradstream] batch: expected 'messages' as an array of at most ${MAX_BATCH}`,
    };
  }
  const messages: PublishedMessage[] = [];
  for (const item of items) {
    const result = readMessage(item);
    if (typeof result === 'string') return { ok: false, error: result };
    messages.push(result);
  }
  return { ok: true, messages };
}

/** A clean copy of one message, or why it is not a publishable message. */
function readMessage(m: unknown): PublishedMessage | string {
  if (!isObject(m)) return '[gradstream] expected a JSON object with a "type"';
  const type = typeof m.type === 'string' ? m.type : 'message without a "type"';
  if (m.v !== PROTOCOL_VERSION)
    return `[gradstream] ${type}: expected protocol version v=${PROTOCOL_VERSION}, got ${JSON.stringify(m.v)}`;
  if (!isId(m.runId)) return `[gradstream] ${type}: expected "runId" as a non-empty string`;
  const shape = Object.hasOwn(MESSAGE_SHAPES, type) ? MESSAGE_SHAPES[type] : undefined;
  const where = `[gradstream] ${type} of run '${m.runId}'`;
  if (shape === undefined) return `${where}: unknown type ${preview(m.type)}`;
  const fields = readObject(m, shape, '');
  if (typeof fields === 'string') return `${where}: ${fields}`;
  if (m.type === 'hello') {
    const graph = readGraph(m.graph as Json);
    if (typeof graph === 'string') return `${where}: ${graph}`;
    fields.graph = graph;
  }
  return { ...fields, v: PROTOCOL_VERSION, type: m.type, runId: m.runId } as PublishedMessage;
}

/** Copies the fields `shape` names from `m`, or says which one is wrong. */
function readObject(m: Json, shape: Shape, path: string): Json | string {
  const out: Json = {};
  for (const [name, check] of Object.entries(shape.required ?? {})) {
    if (!check(m[name]))
      return `field "${path}${name}" is missing or malformed (got ${preview(m[name])})`;
    out[name] = m[name];
  }
  for (const [name, check] of Object.entries(shape.optional ?? {})) {
    if (m[name] === undefined) continue;
    if (!check(m[name])) return `field "${path}${name}" is malformed (got ${preview(m[name])})`;
    out[name] = m[name];
  }
  const lists = [
    ...Object.entries(shape.lists ?? {}).map(([n, s]) => [n, s, true] as const),
    ...Object.entries(shape.optionalLists ?? {}).map(([n, s]) => [n, s, false] as const),
  ];
  for (const [name, itemShape, isRequired] of lists) {
    const list = m[name] ?? (isRequired ? undefined : []);
    if (!Array.isArray(list) || list.length > MAX_ITEMS)
      return `expected "${path}${name}" as an array of at most ${MAX_ITEMS}`;
    const copies: Json[] = [];
    for (const [i, item] of list.entries()) {
      if (!isObject(item)) return `expected "${path}${name}[${i}]" as an object`;
      const copy = readObject(item, itemShape, `${path}${name}[${i}].`);
      if (typeof copy === 'string') return copy;
      copies.push(copy);
    }
    out[name] = copies;
  }
  return out;
}

const PARAM_STATS: Shape = {
  required: { id: isId, nodeId: isId, norm: isStat },
  optional: { mean: isStat, std: isStat, maxAbs: isStat, zeroFraction: isStat, nonFinite: isStat },
};
const ACTIVATION_STATS: Shape = {
  required: { nodeId: isId },
  optional: { mean: isStat, std: isStat, zeroFraction: isStat },
};
const LAYER_HEALTH: Shape = {
  required: { nodeId: isId },
  optional: {
    deadFraction: isStat,
    saturatedFraction: isStat,
    updateRatio: isStat,
    status: oneOf('ok', 'warn', 'bad'),
  },
};
const GRAPH_NODE: Shape = {
  required: { id: isId, op: isId, inputs: isIdList },
  optional: { outputShape: isShape },
  optionalLists: { params: { required: { id: isId, shape: isShape } } },
};

/** The fields of every message type a publisher may send (see docs/protocol.md). */
const MESSAGE_SHAPES: Readonly<Record<string, Shape>> = {
  hello: {
    required: { name: isText, graph: isObject },
    optional: { epochs: isCount, stepsPerEpoch: isCount },
  },
  step: { required: { step: isStep, epoch: isNumber, loss: isStat, accuracy: isStat } },
  layers: {
    required: { step: isStep },
    lists: { params: PARAM_STATS, activations: ACTIVATION_STATS },
  },
  epoch: {
    required: {
      epoch: isNumber,
      step: isStep,
      loss: isStat,
      trainAccuracy: isStat,
      testAccuracy: isStat,
    },
  },
  done: {
    required: {
      loss: isStat,
      trainAccuracy: isStat,
      testAccuracy: isStat,
      epochs: isNumber,
      samplesPerSecond: isStat,
    },
  },
  histogram: {
    required: {
      step: isStep,
      nodeId: isId,
      kind: oneOf('gradient', 'weight', 'activation'),
      min: isNumber,
      max: isNumber,
      counts: isCounts,
    },
    optional: { paramId: isId },
  },
  alert: {
    required: {
      step: isStep,
      kind: isId,
      layer: isId,
      message: isText,
      mitigation: isText,
      evidence: isEvidence,
    },
    optional: { severity: oneOf('info', 'warning', 'critical') },
  },
  health: { required: { step: isStep }, lists: { layers: LAYER_HEALTH } },
};

/**
 * The hello's graph, nested one level deeper than a shape reaches: every node the page draws
 * gets an id, an op, inputs, an output shape (empty when not sent) and a parameter list.
 */
function readGraph(graph: Json): Json | string {
  const result = readObject(graph, { lists: { nodes: GRAPH_NODE } }, 'graph.');
  if (typeof result === 'string') return result;
  const nodes = (result.nodes as Json[]).map((n) => ({ outputShape: [], ...n }));
  return { nodes };
}

function isEvidence(evidence: unknown): boolean {
  if (!isObject(evidence)) return false;
  const entries = Object.entries(evidence);
  return (
    entries.length <= 64 &&
    entries.every(
      ([k, v]) =>
        k.length <= MAX_ID_LENGTH &&
        (v === null || typeof v === 'boolean' || isNumber(v) || isText(v)),
    )
  );
}

function isCounts(counts: unknown): boolean {
  return (
    Array.isArray(counts) &&
    counts.length > 0 &&
    counts.length <= 1024 &&
    counts.every((c) => isNumber(c) && c >= 0)
  );
}

function oneOf(...values: readonly string[]): Check {
  return (v) => typeof v === 'string' && values.includes(v);
}
function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isId(v: unknown): boolean {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
}
function isIdList(v: unknown): boolean {
  return Array.isArray(v) && v.length <= MAX_ITEMS && v.every(isId);
}
function isShape(v: unknown): boolean {
  return Array.isArray(v) && v.length <= MAX_RANK && v.every(isCount);
}
function isText(v: unknown): boolean {
  return typeof v === 'string' && v.length <= MAX_TEXT_LENGTH;
}
function isNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}
function isCount(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0;
}
/** A statistic may be null: JSON has no NaN, and a diverged loss is worth showing. */
function isStat(v: unknown): boolean {
  return v === null || isNumber(v);
}
function isStep(v: unknown): boolean {
  return isCount(v);
}
function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
