import type { ParamValues } from '../nodes/node.ts';
import { GraphSpecError } from './errors.ts';
import { describe, resolveParams } from './params.ts';
import { lossDefinitions, nodeDefinitions } from './registry.ts';
import { INPUT_ID, type GraphSpec } from './spec.ts';
import { topologicalOrder } from './topology.ts';
import { rejectUnknownFields } from './unknown-fields.ts';
import { validateMonitors, type ValidMonitors } from './validate-monitors.ts';
import { validateOptimizer, type ValidOptimizer } from './validate-optimizer.ts';

/** A node after validation: id assigned, inputs defaulted, parameters resolved. */
export interface ValidNode {
  readonly id: string;
  readonly op: string;
  readonly params: ParamValues;
  readonly inputs: readonly string[];
}

/** A spec that passed validation; nodes are in topological order. */
export interface ValidGraph {
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly nodes: readonly ValidNode[];
  readonly output: string;
  readonly loss: { readonly op: string; readonly params: ParamValues };
  readonly optimizer: ValidOptimizer;
  readonly monitors: ValidMonitors;
  readonly training: {
    readonly epochs: number;
    readonly batchSize: number;
    readonly seed: number;
    readonly testSize: number;
    readonly trainSize: number;
  };
}

/**
 * Checks a parsed JSON value against the graph format and every op's parameters.
 * Throws a GraphSpecError naming the node id and field of the first problem. Shapes are checked
 * later, when the network is built (engine/network.ts), since they need the ops' own rules.
 */
export function validateGraph(raw: unknown): ValidGraph {
  const spec = expectObject(raw, undefined, 'graph') as Partial<GraphSpec>;
  rejectUnknownFields(spec, GRAPH_FIELDS, 'graph');
  const inputShape = validateInputShape(spec.input);
  const nodes = validateNodes(spec.nodes);
  const output = spec.output ?? nodes[nodes.length - 1].id;
  if (!nodes.some((n) => n.id === output)) {
    throw new GraphSpecError(
      `'output' names '${output}', which is not a node of the graph`,
      undefined,
      'output',
    );
  }
  return {
    name: typeof spec.name === 'string' ? spec.name : 'graph',
    inputShape,
    nodes: topologicalOrder(nodes),
    output,
    loss: validateOp(spec.loss, 'loss', lossDefinitions, undefined),
    optimizer: validateOptimizer(spec.optimizer),
    monitors: validateMonitors(spec.monitors),
    training: validateTraining(spec.training),
  };
}

function validateInputShape(input: unknown): number[] {
  const object = expectObject(input, undefined, 'input') as { shape?: unknown };
  const shape = object.shape;
  if (
    !Array.isArray(shape) ||
    shape.length === 0 ||
    !shape.every((d) => Number.isInteger(d) && d > 0)
  ) {
    throw new GraphSpecError(
      `expected a non-empty array of positive integers, got ${describe(shape)}`,
      INPUT_ID,
      'input.shape',
    );
  }
  return shape as number[];
}

function validateNodes(raw: unknown): ValidNode[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new GraphSpecError(
      `expected a non-empty array of nodes, got ${describe(raw)}`,
      undefined,
      'nodes',
    );
  }
  const ids = new Set<string>([INPUT_ID]);
  const counts = new Map<string, number>();
  const nodes: ValidNode[] = [];
  raw.forEach((item, index) => {
    const node = expectObject(item, `#${index}`, `nodes[${index}]`) as Record<string, unknown>;
    const id = nodeId(node, index, counts);
    rejectUnknownFields(node, NODE_FIELDS, 'node', id);
    if (ids.has(id))
      throw new GraphSpecError(
        id === INPUT_ID
          ? `'input' is reserved for the graph's data; choose another id`
          : `another node already has the id '${id}'`,
        id,
        'id',
      );
    ids.add(id);
    if (typeof node.op !== 'string')
      throw new GraphSpecError(`expected an op name, got ${describe(node.op)}`, id, 'op');
    const definition = nodeDefinitions.get(node.op);
    if (definition === undefined) {
      throw new GraphSpecError(
        `unknown op '${node.op}'; known ops: ${[...nodeDefinitions.keys()].join(', ')}`,
        id,
        'op',
      );
    }
    const previous = index === 0 ? INPUT_ID : nodes[index - 1].id;
    const inputs = validateInputs(node.inputs, previous, id, definition.arity);
    const params = resolveParams(node.params, definition.params, {
      nodeId: id,
      field: 'params',
      op: node.op,
    });
    nodes.push({ id, op: node.op, params, inputs });
  });
  for (const node of nodes) {
    node.inputs.forEach((source, i) => {
      if (!ids.has(source)) {
        throw new GraphSpecError(
          `input '${source}' is not a node of the graph (nor 'input')`,
          node.id,
          `inputs[${i}]`,
        );
      }
    });
  }
  return nodes;
}

function nodeId(node: Record<string, unknown>, index: number, counts: Map<string, number>): string {
  if (node.id !== undefined) {
    if (typeof node.id !== 'string' || node.id.length === 0) {
      throw new GraphSpecError(
        `expected a non-empty string id, got ${describe(node.id)}`,
        `#${index}`,
        'id',
      );
    }
    return node.id;
  }
  const op = typeof node.op === 'string' ? node.op : 'node';
  const n = (counts.get(op) ?? 0) + 1;
  counts.set(op, n);
  return `${op}-${n}`;
}

function validateInputs(
  raw: unknown,
  previous: string,
  id: string,
  arity: number | 'many',
): string[] {
  const inputs = raw === undefined ? [previous] : raw;
  if (!Array.isArray(inputs) || !inputs.every((s) => typeof s === 'string')) {
    throw new GraphSpecError(`expected an array of node ids, got ${describe(raw)}`, id, 'inputs');
  }
  const isCountWrong = arity === 'many' ? inputs.length < 2 : inputs.length !== arity;
  if (isCountWrong) {
    const wanted = arity === 'many' ? 'at least 2' : String(arity);
    throw new GraphSpecError(`expected ${wanted} input(s), got ${inputs.length}`, id, 'inputs');
  }
  return inputs as string[];
}

function validateOp(
  raw: unknown,
  field: string,
  definitions: ReadonlyMap<string, { op: string; params: import('../nodes/node.ts').ParamRules }>,
  fallback: { op: string } | undefined,
): { op: string; params: ParamValues } {
  const object = (raw === undefined ? fallback : raw) as
    { op?: unknown; params?: unknown } | undefined;
  if (object === undefined)
    throw new GraphSpecError(
      `a '${field}' is required, such as { "op": "${[...definitions.keys()][0]}" }`,
      undefined,
      field,
    );
  expectObject(object, undefined, field);
  const definition = typeof object.op === 'string' ? definitions.get(object.op) : undefined;
  if (definition === undefined) {
    throw new GraphSpecError(
      `unknown op ${describe(object.op)}; known: ${[...definitions.keys()].join(', ')}`,
      undefined,
      `${field}.op`,
    );
  }
  return {
    op: definition.op,
    params: resolveParams(object.params, definition.params, {
      field: `${field}.params`,
      op: definition.op,
    }),
  };
}

function validateTraining(raw: unknown): ValidGraph['training'] {
  const training = (raw === undefined ? {} : expectObject(raw, undefined, 'training')) as Record<
    string,
    unknown
  >;
  const resolved = resolveParams(
    training,
    {
      epochs: { type: 'integer', default: 10, min: 1 },
      batchSize: { type: 'integer', default: 64, min: 1 },
      seed: { type: 'integer', default: 1, min: 0, max: 0xffffffff },
      testSize: { type: 'integer', default: 1000, min: 1 },
      trainSize: { type: 'integer', default: 0, min: 0 },
    },
    { field: 'training', op: 'training' },
  );
  return resolved as unknown as ValidGraph['training'];
}

function expectObject(raw: unknown, nodeId: string | undefined, field: string): object {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new GraphSpecError(`expected an object, got ${describe(raw)}`, nodeId, field);
  }
  return raw;
}

/** Every field a graph may have at its top level. */
const GRAPH_FIELDS = [
  'name',
  'description',
  'input',
  'nodes',
  'output',
  'loss',
  'optimizer',
  'training',
  'monitors',
];

/** Every field a node may have (see NodeSpecJson). */
const NODE_FIELDS = ['id', 'op', 'params', 'inputs'];
