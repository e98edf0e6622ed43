import { buildNetwork } from '../engine/network.ts';
import { formatShape, sizeOf } from '../tensor/tensor.ts';
import { loadGraphFile } from './load-graph.ts';

/**
 * `gradstream inspect <graph.json>`: every node with its op, inputs, output shape and parameter
 * count, then the total. Building the network checks every shape on the way, so a graph that
 * inspects cleanly will also train. Returns the text to print (or JSON with `json`).
 */
export function inspectCommand(graphPath: string, options: { json?: boolean } = {}): string {
  const graph = loadGraphFile(graphPath);
  const network = buildNetwork(graph);
  const rows = network.nodes.map((node) => ({
    id: node.id,
    op: node.op,
    inputs: node.inputs,
    outputShape: node.outputShape,
    parameters: node.params.reduce((n, p) => n + sizeOf(p.value.shape), 0),
  }));
  const total = rows.reduce((n, r) => n + r.parameters, 0);
  if (options.json)
    return JSON.stringify({
      name: network.name,
      inputShape: network.inputShape,
      nodes: rows,
      totalParameters: total,
    });

  const table = [
    ['node', 'op', 'inputs', 'output', 'parameters'],
    ['input', 'input', '', formatShape(['batch', ...network.inputShape] as never), '0'],
    ...rows.map((r) => [
      r.id,
      r.op,
      r.inputs.join(', '),
      formatShape(['batch', ...r.outputShape] as never),
      r.parameters.toLocaleString('en-US'),
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row) =>
    row
      .map((cell, c) => (c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
  return [`${network.name}`, ...lines, `total parameters: ${total.toLocaleString('en-US')}`].join(
    '\n',
  );
}
