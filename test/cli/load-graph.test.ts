import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGraphFile } from '../../src/cli/load-graph.ts';

describe('loadGraphFile', () => {
  it('names a missing graph file and where it looked, and says to check the path', () => {
    expect(() => loadGraphFile('nothere.json')).toThrow(
      `[gradstream] graph file 'nothere.json' does not exist (looked for ${resolve('nothere.json')}); check the path`,
    );
  });

  it('says when the path is a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradstream-'));
    expect(() => loadGraphFile(dir)).toThrow(
      `[gradstream] graph file '${dir}' is a directory; give the path of a graph .json file`,
    );
  });

  it('reads and validates a graph file', () => {
    expect(loadGraphFile('graphs/mnist-mlp.json').nodes.length).toBeGreaterThan(0);
  });
});
