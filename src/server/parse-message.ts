import { PROTOCOL_VERSION, type PublishedMessage } from './protocol.ts';

/** The outcome of reading one incoming frame: messages to publish, or why it was rejected. */
export type ParseResult =
  | { readonly ok: true; readonly messages: readonly PublishedMessage[] }
  | { readonly ok: false; readonly error: string };

const MAX_ID_LENGTH = 200;
const MAX_TEXT_LENGTH = 2000;
const MAX_ITEMS = 4096;
const MAX_BATCH = 1000;

type Json = Record<string, unknown>;

/**
 * Reads a frame a publisher sent: one message or `{type: 'batch', messages: [...]}`. Anything
 * that is not valid JSON or does not match the protocol is rejected with a reason, never thrown.
 */
export function parseMessage(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: '[gradstream] message is not valid JSON' };
  }
  if (isObject(value) && value.type === 'batch') {
    if (!Array.isArray(value.messages) || value.messages.length > MAX_BATCH) {
      return {
        ok: false,
        error: `[gradstream] batch: expected 'messages' as an array of at most ${MAX_BATCH}`,
      };
    }
    const messages: PublishedMessage[] = [];
    for (const item of value.messages) {
      const error = checkMessage(item);
      if (error !== undefined) return { ok: false, error };
      messages.push(item as PublishedMessage);
    }
    return { ok: true, messages };
  }
  const error = checkMessage(value);
  return error === undefined
    ? { ok: true, messages: [value as PublishedMessage] }
    : { ok: false, error };
}

/** Returns why a value is not a publishable message, or undefined when it is one. */
function checkMessage(m: unknown): string | undefined {
  if (!isObject(m)) return '[gradstream] expected a JSON object with a "type"';
  const type = typeof m.type === 'string' ? m.type : 'message without a "type"';
  if (m.v !== PROTOCOL_VERSION)
    return `[gradstream] ${type}: expected protocol version v=${PROTOCOL_VERSION}, got ${JSON.stringify(m.v)}`;
  if (!isId(m.runId)) return `[gradstream] ${type}: expected "runId" as a non-empty string`;
  const problem = fieldProblem(m);
  return problem === undefined ? undefined : `[gradstream] ${type} of run '${m.runId}': ${problem}`;
}

function fieldProblem(m: Json): string | undefined {
  switch (m.type) {
    case 'hello':
      return need(m, { name: isText }) ?? checkGraph(m.graph);
    case 'step':
      return need(m, { step: isStep, epoch: isNumber, loss: isStat, accuracy: isStat });
    case 'layers':
      return (
        need(m, { step: isStep }) ??
        listOf(m, 'params', ['id', 'nodeId']) ??
        listOf(m, 'activations', ['nodeId'])
      );
    case 'epoch':
      return need(m, {
        epoch: isNumber,
        step: isStep,
        loss: isStat,
        trainAccuracy: isStat,
        testAccuracy: isStat,
      });
    case 'done':
      return need(m, {
        loss: isStat,
        trainAccuracy: isStat,
        testAccuracy: isStat,
        epochs: isNumber,
        samplesPerSecond: isStat,
      });
    case 'histogram':
      return (
        need(m, { step: isStep, nodeId: isId, kind: isKind, min: isNumber, max: isNumber }) ??
        checkCounts(m.counts)
      );
    case 'alert':
      return (
        need(m, { step: isStep, kind: isId, layer: isId, message: isText, mitigation: isText }) ??
        checkEvidence(m.evidence)
      );
    case 'health':
      return need(m, { step: isStep }) ?? listOf(m, 'layers', ['nodeId']);
    default:
      return `unknown type ${JSON.stringify(m.type)}`;
  }
}

function need(m: Json, fields: Record<string, (v: unknown) => boolean>): string | undefined {
  for (const [name, check] of Object.entries(fields)) {
    if (!check(m[name])) return `field "${name}" is missing or malformed (got ${preview(m[name])})`;
  }
  return undefined;
}

function listOf(m: Json, name: string, ids: readonly string[]): string | undefined {
  const list = m[name];
  if (!Array.isArray(list) || list.length > MAX_ITEMS)
    return `expected "${name}" as an array of at most ${MAX_ITEMS}`;
  for (const item of list) {
    if (!isObject(item) || !ids.every((id) => isId(item[id])))
      return `each of "${name}" needs ${ids.join(' and ')} as strings`;
    for (const value of Object.values(item)) {
      if (typeof value !== 'string' && !isStat(value))
        return `"${name}" holds a value that is neither a string nor a number`;
    }
  }
  return undefined;
}

function checkGraph(graph: unknown): string | undefined {
  if (!isObject(graph) || !Array.isArray(graph.nodes) || graph.nodes.length > MAX_ITEMS)
    return 'expected "graph" as {nodes: [...]}';
  for (const node of graph.nodes) {
    if (!isObject(node) || !isId(node.id) || !isId(node.op) || !isIdList(node.inputs)) {
      return 'each graph node needs "id", "op" and "inputs" (an array of ids)';
    }
  }
  return undefined;
}

function checkCounts(counts: unknown): string | undefined {
  const ok =
    Array.isArray(counts) &&
    counts.length > 0 &&
    counts.length <= 1024 &&
    counts.every((c) => isNumber(c) && c >= 0);
  return ok ? undefined : 'expected "counts" as 1 to 1024 non-negative numbers';
}

function checkEvidence(evidence: unknown): string | undefined {
  if (!isObject(evidence) || Object.keys(evidence).length > 64)
    return 'expected "evidence" as an object of at most 64 values';
  const ok = Object.values(evidence).every(
    (v) => v === null || ['number', 'boolean'].includes(typeof v) || isText(v),
  );
  return ok ? undefined : '"evidence" values must be numbers, strings, booleans or null';
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
function isText(v: unknown): boolean {
  return typeof v === 'string' && v.length <= MAX_TEXT_LENGTH;
}
function isNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}
/** A statistic may be null: JSON has no NaN, and a diverged loss is worth showing. */
function isStat(v: unknown): boolean {
  return v === null || isNumber(v);
}
function isStep(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0;
}
function isKind(v: unknown): boolean {
  return v === 'gradient' || v === 'weight' || v === 'activation';
}
function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
