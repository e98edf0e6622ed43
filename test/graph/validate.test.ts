import { describe, expect, it } from 'vitest';
import { GraphSpecError } from '../../src/graph/errors.ts';
import { validateGraph } from '../../src/graph/validate.ts';

const mlp = () => ({
  input: { shape: [4] },
  nodes: [
    { id: 'dense-1', op: 'dense', params: { units: 8 } },
    { id: 'relu-1', op: 'relu' },
    { id: 'dense-2', op: 'dense', params: { units: 3 } },
  ] as Record<string, unknown>[],
  loss: { op: 'softmaxCrossEntropy' },
});

function errorOf(spec: unknown): GraphSpecError {
  try {
    validateGraph(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphSpecError);
    return error as GraphSpecError;
  }
  throw new Error('expected validateGraph to throw');
}

describe('validateGraph', () => {
  it('accepts a valid spec and fills in defaults', () => {
    const graph = validateGraph(mlp());
    expect(graph.nodes.map((n) => n.inputs)).toEqual([['input'], ['dense-1'], ['relu-1']]);
    expect(graph.nodes[0].params).toMatchObject({
      units: 8,
      init: 'glorot-uniform',
      useBias: true,
    });
    expect(graph.output).toBe('dense-2');
    expect(graph.optimizer.op).toBe('adam');
    expect(graph.training).toMatchObject({ batchSize: 64, seed: 1 });
  });

  it('names ids it generates after the op', () => {
    const spec = mlp();
    spec.nodes = spec.nodes.map(({ id: _id, ...rest }) => rest);
    expect(validateGraph(spec).nodes.map((n) => n.id)).toEqual(['dense-1', 'relu-1', 'dense-2']);
  });

  it('names the node and field of an unknown op', () => {
    const spec = mlp();
    spec.nodes[1] = { id: 'act', op: 'relux' };
    const error = errorOf(spec);
    expect(error.nodeId).toBe('act');
    expect(error.field).toBe('op');
    expect(error.message).toMatch(
      /^\[gradstream\] graph spec, node 'act', field 'op': unknown op 'relux'; known ops: .*relu/,
    );
  });

  it('names an unknown parameter and lists the ones the op takes', () => {
    const spec = mlp();
    spec.nodes[0] = { id: 'dense-1', op: 'dense', params: { units: 8, unit: 3 } };
    expect(errorOf(spec).message).toMatch(
      /node 'dense-1', field 'params.unit': unknown parameter 'unit'; 'dense' takes 'units'/,
    );
  });

  it('names a parameter of the wrong type or range', () => {
    const spec = mlp();
    spec.nodes[0] = { id: 'dense-1', op: 'dense', params: { units: 0 } };
    expect(errorOf(spec).message).toMatch(/field 'params.units': expected an integer ≥ 1, got 0/);
    spec.nodes[0] = { id: 'dense-1', op: 'dense', params: { units: '8' } };
    expect(errorOf(spec).message).toMatch(/expected an integer ≥ 1, got "8"/);
  });

  it('names a missing required parameter', () => {
    const spec = mlp();
    spec.nodes[0] = { id: 'dense-1', op: 'dense' };
    expect(errorOf(spec).message).toMatch(
      /node 'dense-1', field 'params.units': 'dense' needs parameter 'units'/,
    );
  });

  it('names an input that is not a node', () => {
    const spec = mlp();
    spec.nodes[2] = { id: 'dense-2', op: 'dense', params: { units: 3 }, inputs: ['relu-9'] };
    const error = errorOf(spec);
    expect(error.message).toMatch(
      /node 'dense-2', field 'inputs\[0\]': input 'relu-9' is not a node/,
    );
  });

  it('rejects duplicate ids', () => {
    const spec = mlp();
    spec.nodes[1] = { id: 'dense-1', op: 'relu' };
    expect(errorOf(spec).message).toMatch(
      /node 'dense-1', field 'id': another node already has the id 'dense-1'/,
    );
  });

  it('rejects a bad input shape', () => {
    expect(errorOf({ ...mlp(), input: { shape: [0] } }).message).toMatch(
      /node 'input', field 'input.shape'/,
    );
  });

  it('names the nodes on a cycle', () => {
    const spec = mlp();
    spec.nodes[0] = { id: 'dense-1', op: 'dense', params: { units: 8 }, inputs: ['dense-2'] };
    expect(errorOf(spec).message).toMatch(
      /cycle: (dense-1 → relu-1 → dense-2 → dense-1|relu-1 → dense-2 → dense-1 → relu-1|dense-2 → dense-1 → relu-1 → dense-2)/,
    );
  });

  it('names an unknown loss and optimizer', () => {
    expect(errorOf({ ...mlp(), loss: { op: 'hinge' } }).message).toMatch(
      /field 'loss.op': unknown op "hinge"/,
    );
    expect(errorOf({ ...mlp(), optimizer: { op: 'adam', params: { lr: -1 } } }).message).toMatch(
      /field 'optimizer.params.lr': expected a finite number ≥ 0, got -1/,
    );
  });

  it('names a misspelt top-level field instead of ignoring it', () => {
    expect(errorOf({ ...mlp(), optimiser: { op: 'sgd' } }).message).toMatch(
      /field 'optimiser': unknown field \(did you mean 'optimizer'\?\); a graph has 'name', /,
    );
  });

  it('names a misspelt node field and the field it resembles instead of wiring by default', () => {
    const spec = mlp();
    spec.nodes[2] = { id: 'b', op: 'dense', params: { units: 4 }, input: ['input'] };
    const error = errorOf(spec);
    expect(error.nodeId).toBe('b');
    expect(error.field).toBe('input');
    expect(error.message).toBe(
      "[gradstream] graph spec, node 'b', field 'input': unknown field (did you mean 'inputs'?); " +
        "a node has 'id', 'op', 'params', 'inputs'",
    );
  });

  it('names an unknown node field without a guess when none is close', () => {
    const spec = mlp();
    spec.nodes[1] = { id: 'act', op: 'relu', comment: 'hidden layer' };
    expect(errorOf(spec).message).toMatch(
      /node 'act', field 'comment': unknown field; a node has 'id', 'op', 'params', 'inputs'$/,
    );
  });

  it('rejects a spec that is not an object', () => {
    expect(errorOf([]).message).toMatch(/field 'graph': expected an object, got an array/);
  });
});
