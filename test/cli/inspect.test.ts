import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../src/cli/inspect.ts';

describe('inspectCommand', () => {
  it('lists every node with its op, output shape and parameter count, and the total', () => {
    const lines = inspectCommand('graphs/mnist-mlp.json').split('\n');
    expect(lines[0]).toBe('mnist-mlp');
    expect(lines[3].split(/\s{2,}/)).toEqual([
      'dense-1',
      'dense',
      'input',
      '[batch, 256]',
      '200,960',
    ]);
    // 784·256 + 256 + 256·128 + 128 + 128·10 + 10
    expect(lines.at(-1)).toBe('total parameters: 235,146');
  });

  it('prints JSON with --json', () => {
    const result = JSON.parse(inspectCommand('graphs/mnist-mlp.json', { json: true }));
    expect(result.nodes.map((n: { outputShape: number[] }) => n.outputShape)).toEqual([
      [256],
      [256],
      [128],
      [128],
      [10],
    ]);
    expect(result.totalParameters).toBe(235_146);
  });

  it('names both nodes and both shapes when shapes do not fit', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'mismatch.json');
    writeFileSync(
      path,
      JSON.stringify({
        input: { shape: [4] },
        nodes: [
          { id: 'a', op: 'dense', params: { units: 3 } },
          { id: 'b', op: 'dense', params: { units: 5 }, inputs: ['input'] },
          { id: 'join', op: 'add', inputs: ['a', 'b'] },
        ],
        loss: { op: 'softmaxCrossEntropy' },
      }),
    );
    expect(() => inspectCommand(path)).toThrow(
      "node 'join': expected inputs of one shape, got [3] from 'a' and [5] from 'b'",
    );
  });
});
