import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { trainCommand, type Output } from '../../src/cli/train.ts';

function capture(
  onStderr: (line: string) => void = () => {},
): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    isTTY: false,
    stdout: (line) => out.push(line),
    stderr: (line) => {
      err.push(line);
      onStderr(line);
    },
  };
}

/** Writes a small graph with a batch normalization node 'bn' to a temporary file. */
function writeBatchNormGraph(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'bn.json');
  const graph = {
    input: { shape: [784] },
    nodes: [
      { id: 'd', op: 'dense', params: { units: 8 } },
      { id: 'bn', op: 'batchNorm' },
      { op: 'relu' },
      { op: 'dense', params: { units: 10 } },
    ],
    loss: { op: 'softmaxCrossEntropy' },
    training: { testSize: 100 },
  };
  writeFileSync(path, JSON.stringify(graph));
  return path;
}

const clients: WebSocket[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.terminate()));

/**
 * Captured output that, once the dashboard prints its url, connects a WebSocket client and
 * collects every message it receives (batches unpacked); `connected()` is the client's opening.
 */
function watchDashboard<M>(): {
  output: ReturnType<typeof capture>;
  received: M[];
  connected: () => Promise<void> | undefined;
} {
  const received: M[] = [];
  let opened: Promise<void> | undefined;
  const output = capture((line) => {
    const url = /dashboard: (http:\/\/\S+)/.exec(line)?.[1];
    if (!url) return;
    const client = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    clients.push(client);
    client.on('message', (data) => {
      const message = JSON.parse(String(data));
      received.push(...(message.type === 'batch' ? message.messages : [message]));
    });
    opened = new Promise((resolve) => client.once('open', () => resolve()));
  });
  return { output, received, connected: () => opened };
}

describe('trainCommand', () => {
  it('prints only JSON Lines with --json and writes per-step statistics with --stats-out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradstream-'));
    const statsPath = join(dir, 'stats.jsonl');
    const output = capture();
    await trainCommand(
      'graphs/mnist-mlp.json',
      { epochs: 2, trainSize: 640, json: true, statsOut: statsPath },
      output,
    );

    const records = output.out.map((line) => JSON.parse(line));
    expect(records.map((r) => r.type)).toEqual(['epoch', 'epoch', 'done']);
    const done = records[2];
    for (const field of ['testAccuracy', 'trainAccuracy', 'loss', 'epochs', 'samplesPerSecond'])
      expect(typeof done[field]).toBe('number');
    expect(done.epochs).toBe(2);
    expect(done.testAccuracy).toBeGreaterThan(0.5);

    const stats = readFileSync(statsPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const steps = 2 * (640 / 64);
    const params = stats.filter((r) => r.type === 'param');
    const activations = stats.filter((r) => r.type === 'activation');
    expect(params).toHaveLength(steps * 6);
    expect(activations).toHaveLength(steps * 5);
    expect(stats.at(-1)).toEqual({ type: 'end', status: 'done', steps });
    const first = params.find((r) => r.step === 1 && r.node === 'dense-1' && r.param === 'weight');
    expect(Object.keys(first).sort()).toEqual(
      [
        'id',
        'maxAbs',
        'mean',
        'node',
        'nodeId',
        'nonFinite',
        'norm',
        'param',
        'std',
        'step',
        'type',
        'zeroFraction',
      ].sort(),
    );
    expect(first.norm).toBeGreaterThan(0);
    expect(first.nonFinite).toBe(0);
    // Inputs are mostly blank pixels, so most first-layer weight gradients are exactly zero.
    expect(first.zeroFraction).toBeGreaterThan(0.1);
    const relu = activations.find((r) => r.step === 1 && r.node === 'relu-1');
    expect(relu.zeroFraction).toBeGreaterThan(0.05);
    expect(existsSync(`${statsPath}.partial`)).toBe(false);
  }, 60_000);

  it('streams gradient statistics of a real run to a WebSocket client', async () => {
    const { output, received, connected } = watchDashboard<{
      type: string;
      params?: { id: string; norm: number }[];
    }>();
    const trained = trainCommand(
      'graphs/mnist-mlp.json',
      { epochs: 1, trainSize: 3200, json: true, dashboard: true, port: 0 },
      output,
    );
    await trained;
    await connected();

    expect(output.err.some((l) => /^dashboard: http:\/\/127\.0\.0\.1:\d+$/.test(l))).toBe(true);
    expect(received.some((m) => m.type === 'hello')).toBe(true);
    const layers = received.filter((m) => m.type === 'layers');
    expect(layers.length).toBeGreaterThan(0);
    const weight = layers.at(-1)?.params?.find((p) => p.id === 'dense-1/weight');
    expect(weight?.norm).toBeGreaterThan(0);
  }, 60_000);

  it('reports vanishing gradients as they fire: JSON Lines, the stats file and the dashboard', async () => {
    const statsPath = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'stats.jsonl');
    const { output, received, connected } = watchDashboard<{ type: string; kind?: string }>();
    // Eight sigmoid layers under plain SGD: the first layers' gradients are orders of magnitude
    // smaller than the last's from the first steps on.
    await trainCommand(
      'graphs/deep-sigmoid.json',
      { epochs: 1, trainSize: 6400, json: true, statsOut: statsPath, dashboard: true, port: 0 },
      output,
    );
    await connected();

    const alerts = output.out.map((l) => JSON.parse(l)).filter((r) => r.type === 'alert');
    expect(alerts.length).toBeGreaterThan(0);
    const first = alerts[0];
    expect(first).toMatchObject({ kind: 'vanishing-gradients', layer: 'dense-1' });
    expect(first.evidence.norm).toBeLessThan(1e-3);
    expect(first.mitigation).toMatch(/ReLU|He|batch normalization|skip/);
    const recorded = readFileSync(statsPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => r.type === 'alert');
    expect(recorded).toEqual(alerts);
    expect([...new Set(received.map((m) => m.type))].sort()).toEqual([
      'alert',
      'done',
      'epoch',
      'health',
      'hello',
      'histogram',
      'layers',
      'step',
    ]);
    expect(received.some((m) => m.type === 'alert' && m.kind === 'vanishing-gradients')).toBe(true);
    expect(received.some((m) => m.type === 'histogram')).toBe(true);
    expect(received.some((m) => m.type === 'health')).toBe(true);
  });

  it('ends with one clear error when a node fails mid-run, and marks the stats file as failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradstream-'));
    const graphPath = join(dir, 'embed-pixels.json');
    // Pixels in [0, 1] are not token ids: the embedding fails on the first training step.
    writeFileSync(
      graphPath,
      JSON.stringify({
        input: { shape: [784] },
        nodes: [
          { id: 'embed', op: 'embedding', params: { vocabSize: 2, units: 4 } },
          { op: 'meanPool' },
          { op: 'dense', params: { units: 10 } },
        ],
        loss: { op: 'softmaxCrossEntropy' },
      }),
    );
    const statsPath = join(dir, 'stats.jsonl');
    const output = capture();
    await expect(
      trainCommand(
        graphPath,
        { epochs: 1, trainSize: 64, json: true, statsOut: statsPath },
        output,
      ),
    ).rejects.toThrow(
      "[gradstream] node 'embed': expected token ids that are integers in [0, 1], got",
    );
    const last = JSON.parse(readFileSync(statsPath, 'utf8').trim().split('\n').at(-1) as string);
    expect(last).toMatchObject({ type: 'end', status: 'failed' });
    expect(JSON.parse(output.out.at(-1) as string)).toMatchObject({
      type: 'end',
      status: 'failed',
    });
  });

  it('trains batch norm when the last batch would hold one sample, folding it into the one before', async () => {
    const graphPath = writeBatchNormGraph();
    const output = capture();
    // 21 samples in batches of 10: 10 and 11, never a batch of one (issue 2's audit).
    await trainCommand(graphPath, { epochs: 2, trainSize: 21, batchSize: 10, json: true }, output);
    const done = JSON.parse(output.out.at(-1) as string);
    expect(done).toMatchObject({ type: 'done', epochs: 2, steps: 4 });
  });

  it('rejects a batch size of one with batch norm before the first step', async () => {
    const output = capture();
    await expect(
      trainCommand(writeBatchNormGraph(), { epochs: 1, trainSize: 8, batchSize: 1 }, output),
    ).rejects.toThrow(
      "[gradstream] node 'bn', field 'batchSize': batch normalization in training needs batches of at least 2 samples, got 1",
    );
    expect(output.out.filter((line) => line.includes('epoch'))).toEqual([]);
  });

  it('stops training before it writes the end record of an interrupted run with a dashboard', async () => {
    const statsPath = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'stats.jsonl');
    const stop = new AbortController();
    const output = capture();
    const outputLine = output.stdout;
    output.stdout = (line) => {
      outputLine(line);
      // Interrupt as the first epoch ends, while steps still follow.
      if (line.includes('"epoch"')) stop.abort(new Error('[gradstream] train: interrupted'));
    };
    await expect(
      trainCommand(
        'graphs/mnist-mlp.json',
        { epochs: 3, trainSize: 1280, json: true, statsOut: statsPath, dashboard: true, port: 0 },
        output,
        stop.signal,
      ),
    ).rejects.toThrow('[gradstream] train: interrupted');
    const records = readFileSync(statsPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.filter((r) => r.type === 'end')).toHaveLength(1);
    expect(records.at(-1)).toMatchObject({ type: 'end', status: 'failed' });
  }, 60_000);

  it('keeps the dashboard open until a signal, then leaves no signal listener behind', async () => {
    const counts = () => [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const before = counts();
    let isOpen = false;
    const output = capture((line) => {
      if (line.includes('stays open')) isOpen = true;
    });
    const run = trainCommand(
      'graphs/mnist-mlp.json',
      { epochs: 1, trainSize: 128, dashboard: true, port: 0, keepOpen: true },
      output,
    );
    while (!isOpen) await new Promise((r) => setTimeout(r, 20));
    process.emit('SIGTERM');
    await run;
    expect(counts()).toEqual(before);
  }, 60_000);

  it('refuses a --stats-out path that is a folder before training starts', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gradstream-'));
    await expect(
      trainCommand('graphs/mnist-mlp.json', { epochs: 1, statsOut: folder }, capture()),
    ).rejects.toThrow(
      `[gradstream] --stats-out '${folder}': is a folder; name a file in it instead`,
    );
  });

  it('names --stats-out and its path when the folder is missing, before training starts', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'missing', 'x.jsonl');
    const output = capture();
    await expect(
      trainCommand(
        'graphs/mnist-mlp.json',
        { epochs: 1, trainSize: 64, statsOut: path, json: true },
        output,
      ),
    ).rejects.toThrow(`[gradstream] --stats-out '${path}': its folder`);
    expect(output.out).toEqual([]);

    // With the dashboard too: refused before the server starts, so no address is printed.
    const withDashboard = capture();
    await expect(
      trainCommand(
        'graphs/mnist-mlp.json',
        { epochs: 1, trainSize: 64, statsOut: path, dashboard: true, port: 0 },
        withDashboard,
      ),
    ).rejects.toThrow(`[gradstream] --stats-out '${path}': its folder`);
    expect([...withDashboard.out, ...withDashboard.err].join('\n')).not.toContain('http://');
  });

  it('refuses dashboard flags without --dashboard', async () => {
    for (const [options, flag] of [
      [{ keepOpen: true }, '--keep-open'],
      [{ port: 8080 }, '--port'],
      [{ host: '0.0.0.0' }, '--host'],
    ] as const)
      await expect(trainCommand('graphs/mnist-mlp.json', options, capture())).rejects.toThrow(
        new RegExp(`^\\[gradstream\\] train: ${flag} .*, so it needs --dashboard$`),
      );
  });

  it('says a token graph cannot train on images from the command line', async () => {
    await expect(
      trainCommand('graphs/transformer-block.json', { epochs: 1 }, capture()),
    ).rejects.toThrow('the command line has no token data yet, so train it from code');
  });

  it('rejects settings that could not train, naming the flag', async () => {
    await expect(
      trainCommand('graphs/mnist-mlp.json', { batchSize: 0 }, capture()),
    ).rejects.toThrow('[gradstream] train: --batch-size expects an integer ≥ 1, got 0');
    await expect(trainCommand('graphs/mnist-mlp.json', { epochs: 0 }, capture())).rejects.toThrow(
      '--epochs expects an integer ≥ 1, got 0',
    );
    await expect(
      trainCommand('graphs/mnist-mlp.json', { lr: Infinity }, capture()),
    ).rejects.toThrow('--lr expects a finite number ≥ 0, got Infinity');
  });

  it('names the file and position of a graph that is not valid JSON', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'bad.json');
    writeFileSync(path, '{\n  "input": { "shape": [784] },\n  "nodes": [,]\n}\n');
    await expect(trainCommand(path, {}, capture())).rejects.toThrow(
      /graph file '.*bad\.json' is not valid JSON at line 3/,
    );
  });

  it('names the node and field of an invalid graph', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'gradstream-')), 'bad.json');
    writeFileSync(
      path,
      JSON.stringify({
        input: { shape: [784] },
        nodes: [{ id: 'd', op: 'dense', params: { units: -1 } }],
        loss: { op: 'softmaxCrossEntropy' },
      }),
    );
    await expect(trainCommand(path, {}, capture())).rejects.toThrow(
      /graph file '.*bad\.json', node 'd', field 'params.units'/,
    );
  });
});
