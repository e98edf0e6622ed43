import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainCommand, type Output } from '../../src/cli/train.ts';
import { createRandom } from '../../src/tensor/random.ts';

function capture(): Output & { out: string[] } {
  const out: string[] = [];
  return { out, isTTY: false, stdout: (line) => out.push(line), stderr: () => {} };
}

/** Three Gaussian blobs in 4-D, 4 standard deviations apart: separable, not trivially so. */
function blobsCsv(count: number, seed: number): string {
  const random = createRandom(seed);
  const centers = [
    [0, 0, 0, 0],
    [4, 0, 4, 0],
    [0, 4, 0, -4],
  ];
  const lines = ['x1,x2,x3,x4,label'];
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    const x = centers[label].map((c) => (c + random.normal()).toFixed(4));
    lines.push(`${x.join(',')},${label}`);
  }
  return `${lines.join('\n')}\n`;
}

function graph(units: number): object {
  return {
    name: 'blobs-mlp',
    input: { shape: [4] },
    nodes: [
      { id: 'dense-1', op: 'dense', params: { units: 16, init: 'he-normal' } },
      { id: 'relu-1', op: 'relu' },
      { id: 'dense-2', op: 'dense', params: { units, init: 'glorot-uniform' } },
    ],
    loss: { op: 'softmaxCrossEntropy' },
    optimizer: { op: 'adam', params: { lr: 0.01 } },
    training: { epochs: 10, batchSize: 32, seed: 3, testSize: 90 },
  };
}

let dir: string;
let csv: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gradstream-own-'));
  csv = join(dir, 'blobs.csv');
  writeFileSync(csv, blobsCsv(450, 7));
});

function writeGraph(name: string, units: number): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(graph(units)));
  return path;
}

describe('trainCommand on a CSV file', () => {
  it('learns three separable blobs from a CSV to high test accuracy', async () => {
    const output = capture();
    const done = await trainCommand(writeGraph('blobs.json', 3), { csv, json: true }, output);
    const records = output.out.map((line) => JSON.parse(line));
    expect(records.map((r) => r.type)).toEqual([...Array(10).fill('epoch'), 'done']);
    expect(done?.type).toBe('done');
    expect(records[0].loss).toBeGreaterThan(records[9].loss);
    expect(records[10].testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(records[10].trainAccuracy).toBeGreaterThanOrEqual(0.95);
    // 450 samples − 90 held out = 360 training samples, 12 batches of 32 per epoch (last one 8).
    expect(records[10].steps).toBe(10 * 12);
  }, 30_000);

  it('takes --test-size over the graph and trains the same way twice with one seed', async () => {
    const path = writeGraph('blobs-test-size.json', 3);
    const options = { csv, json: true, epochs: 2, testSize: 150 };
    const first = capture();
    const second = capture();
    await trainCommand(path, options, first);
    await trainCommand(path, options, second);
    const done = JSON.parse(first.out.at(-1) ?? '{}');
    expect(done.steps).toBe(2 * Math.ceil(300 / 32));
    expect(second.out.map((l) => JSON.parse(l).loss)).toEqual(
      first.out.map((l) => JSON.parse(l).loss),
    );
  }, 30_000);

  it('refuses labels the graph has no output unit for, before training', async () => {
    const output = capture();
    await expect(
      trainCommand(writeGraph('blobs-2.json', 2), { csv, json: true }, output),
    ).rejects.toThrow(
      "[gradstream] train: blobs.csv has labels up to 2 (3 classes) but graph 'blobs-mlp' ends in 'dense-2' with output [2], which scores only labels 0 to 1; give 'dense-2' 3 units",
    );
    expect(output.out).toEqual([]);
  });

  it('names the shape the graph input should have', async () => {
    await expect(
      trainCommand('graphs/mnist-mlp.json', { csv, testSize: 100 }, capture()),
    ).rejects.toThrow(
      `[gradstream] graph 'mnist-mlp' takes input [784] but blobs.csv (train) samples are [4]; set "input": { "shape": [4] }`,
    );
  });

  it('passes a CSV error through with file, line and column', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x1,x2,x3,x4,label\n1,2,3,4,0\n1,2,nan,4,1\n');
    await expect(trainCommand(writeGraph('bad.json', 3), { csv: bad }, capture())).rejects.toThrow(
      /CSV file '.*bad\.csv', line 3, column 3 \('x3'\): NaN in the data/,
    );
  });
});
