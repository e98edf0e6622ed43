import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDashboardServer, type DashboardServer } from '../../src/server/dashboard-server.ts';
import { syntheticRun } from './synthetic-run.ts';
import { openClient, openStalledClient } from './ws-helpers.ts';

let server: DashboardServer | undefined;
const cleanup: (() => void)[] = [];

afterEach(async () => {
  for (const f of cleanup.splice(0)) f();
  await server?.close();
  server = undefined;
});

function wsUrl(path = '/ws'): string {
  return (server as DashboardServer).url.replace('http', 'ws') + path;
}

/** Publishes one 1024-bin weight histogram (about 5 KB of JSON) for each of `layers` layers of run 'r'. */
function publishWideHistograms(target: DashboardServer, step: number, layers: number): void {
  const counts = Array.from({ length: 1024 }, (_, i) => 1000 + i);
  for (let n = 0; n < layers; n++)
    target.publish({
      v: 1,
      type: 'histogram',
      runId: 'r',
      step,
      nodeId: `dense-${n}`,
      kind: 'weight',
      min: -1,
      max: 1,
      counts,
    });
}

function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

describe('dashboard WebSocket', () => {
  it('closes a connection that sends more than maxPayload with 1009', async () => {
    server = await startDashboardServer({ port: 0, maxPayload: 1024 });
    const ws = new WebSocket(wsUrl('/ws?role=publisher'));
    await new Promise((r) => ws.once('open', r));
    const code = closeCode(ws);
    ws.send('x'.repeat(4096));
    expect(await code).toBe(1009);
  });

  it('closes a page that sends more than maxPayload with 1009', async () => {
    server = await startDashboardServer({ port: 0, maxPayload: 1024 });
    const page = await openClient(server.url);
    const code = closeCode(page.ws);
    page.ws.send('x'.repeat(4096));
    expect(await code).toBe(1009);
  });

  it('ignores malformed messages from pages and answers publishers with an error, staying up', async () => {
    server = await startDashboardServer({ port: 0 });
    const page = await openClient(server.url);
    cleanup.push(() => page.ws.terminate());
    for (const junk of [
      '{',
      'null',
      '[]',
      '{"type":"step"}',
      '\u0000\uffff',
      JSON.stringify({ v: 1, type: 'batch', messages: 5 }),
    ])
      page.ws.send(junk);
    page.ws.send(Buffer.from([0xff, 0x00, 0x13]), { binary: true });

    const publisher = new WebSocket(wsUrl('/ws?role=publisher'));
    cleanup.push(() => publisher.terminate());
    await new Promise((r) => publisher.once('open', r));
    const errors: string[] = [];
    publisher.on('message', (d) => errors.push(JSON.parse(String(d)).message));
    publisher.send('not json');
    publisher.send(
      JSON.stringify({ v: 1, type: 'step', runId: 'r', step: -1, epoch: 1, loss: 1, accuracy: 0 }),
    );
    publisher.send(JSON.stringify({ v: 99, type: 'hello', runId: 'r' }));
    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'histogram',
        runId: 'r',
        step: 1,
        nodeId: 'd',
        kind: 'weight',
        min: 0,
        max: 1,
        counts: 'lots',
      }),
    );
    publisher.send(JSON.stringify({ type: 'batch', messages: [] }));
    while (errors.length < 5) await new Promise((r) => setTimeout(r, 10));
    expect(errors[0]).toBe('[gradstream] message is not valid JSON');
    expect(errors[1]).toMatch(/field "step"/);
    expect(errors[2]).toMatch(/protocol version v=1, got 99/);
    expect(errors[3]).toMatch(/"counts"/);
    expect(errors[4]).toBe('[gradstream] batch: expected protocol version v=1, got undefined');

    // Still serving: a valid message reaches the page.
    publisher.send(
      JSON.stringify({ v: 1, type: 'hello', runId: 'r', name: 'r', graph: { nodes: [] } }),
    );
    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'step',
        runId: 'r',
        step: 1,
        epoch: 1,
        loss: 0.5,
        accuracy: 0.9,
      }),
    );
    await page.until((ms) => ms.some((m) => m.type === 'step' && m.loss === 0.5));
  });

  it('refuses other paths and pages from other origins', async () => {
    server = await startDashboardServer({ port: 0 });
    const wrongPath = new WebSocket(wsUrl('/socket'));
    const foreign = new WebSocket(wsUrl(), { origin: 'http://evil.example' });
    const rebound = new WebSocket(wsUrl(), { headers: { host: 'evil.example' } });
    for (const ws of [wrongPath, foreign, rebound]) {
      const status = await new Promise<number>((resolve) =>
        ws
          .once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
          .once('error', () => resolve(-1)),
      );
      expect(status).toBe(404);
    }
    const same = new WebSocket(wsUrl(), { origin: (server as DashboardServer).url });
    await new Promise((r) => same.once('open', r));
    same.terminate();
  });

  it('survives 100 clients connecting and dropping in a loop', async () => {
    server = await startDashboardServer({ port: 0 });
    const run = syntheticRun('r', 'mlp');
    server.publish(run.hello);
    for (let i = 0; i < 100; i++) {
      const ws = new WebSocket(wsUrl());
      await new Promise((r) => ws.once('open', r));
      for (const m of run.messagesAt(i + 1)) server.publish(m);
      if (i % 2 === 0) ws.terminate();
      else ws.close();
    }
    const last = await openClient(server.url);
    cleanup.push(() => last.ws.terminate());
    await last.until((ms) => ms.filter((m) => m.type === 'step').length === 100);
    while (server.clientCount > 1) await new Promise((r) => setTimeout(r, 10));
    expect(server.clientCount).toBe(1);
  });

  it('skips a stalled client, keeps its buffer bounded and keeps serving the others', async () => {
    server = await startDashboardServer({
      port: 0,
      broadcast: { intervalMs: 10, maxBufferedBytes: 256 * 1024 },
    });
    const stalled = await openStalledClient(server.port);
    cleanup.push(() => stalled.destroy());
    const healthy = await openClient(server.url);
    cleanup.push(() => healthy.ws.terminate());
    const run = syntheticRun('r', 'mlp');
    server.publish(run.hello);

    // About 30 MB of wide histograms, far beyond what loopback socket buffers absorb.
    for (let step = 1; step <= 400; step++) {
      server.publish(run.messagesAt(step)[0]);
      publishWideHistograms(server, step, 20);
      if (step % 10 === 0) await new Promise((r) => setTimeout(r, 12));
    }
    await healthy.until((ms) => ms.filter((m) => m.type === 'step').length === 400, 8000);
    const stats = server.stats();
    expect(stats.skipped).toBeGreaterThan(0);
    // Bound plus at most one batch per client: nowhere near the 30 MB published.
    expect(stats.bufferedBytes).toBeLessThan(4 * 1024 * 1024);
  }, 15_000);

  it('sends a page that connects late its history in batches of at most maxBatchBytes', async () => {
    server = await startDashboardServer({ port: 0, broadcast: { maxBatchBytes: 16384 } });
    const run = syntheticRun('r', 'mlp');
    server.publish(run.hello);
    for (let step = 1; step <= 200; step++) for (const m of run.messagesAt(step)) server.publish(m);

    const page = await openClient(server.url);
    cleanup.push(() => page.ws.terminate());
    await page.until((ms) => ms.filter((m) => m.type === 'step').length === 200);
    expect(page.batches.length).toBeGreaterThan(5);
    for (const batch of page.batches) {
      if (batch.messages.length > 1)
        expect(JSON.stringify(batch).length).toBeLessThanOrEqual(16384);
    }
    const steps = page.messages().flatMap((m) => (m.type === 'step' ? [m.step] : []));
    expect(steps).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(page.messages()[0].type).toBe('hello');
  });

  it('holds at most about one batch for a stalled page that connects to a large history', async () => {
    server = await startDashboardServer({
      port: 0,
      broadcast: { intervalMs: 10, maxBufferedBytes: 256 * 1024, maxBatchBytes: 256 * 1024 },
    });
    const run = syntheticRun('r', 'mlp');
    server.publish(run.hello);
    // About 12 MB of history before the page arrives.
    for (let step = 1; step <= 160; step++) publishWideHistograms(server, step, 16);
    const stalled = await openStalledClient(server.port);
    cleanup.push(() => stalled.destroy());
    await new Promise((r) => setTimeout(r, 300));
    expect(server.stats().bufferedBytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('rejects a run that has not said hello and keeps only the protocol’s fields', async () => {
    server = await startDashboardServer({ port: 0 });
    const publisher = new WebSocket(wsUrl('/ws?role=publisher'));
    cleanup.push(() => publisher.terminate());
    await new Promise((r) => publisher.once('open', r));
    const errors: string[] = [];
    publisher.on('message', (d) => errors.push(JSON.parse(String(d)).message));

    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'step',
        runId: 'ghost',
        step: 1,
        epoch: 1,
        loss: 1,
        accuracy: 0,
      }),
    );
    const node = { id: 'fc1', op: 'linear', inputs: ['input'], junk: 'x'.repeat(1000) };
    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'hello',
        runId: 'r',
        name: 'r',
        graph: { nodes: [node] },
        junk: 1,
      }),
    );
    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'hello',
        runId: 'bad',
        name: 'b',
        graph: { nodes: [{ ...node, outputShape: 'wide' }] },
      }),
    );
    // A frame is kept or dropped whole: the hello and steps of 'a' go with the stray step.
    const stepOf = (runId: string, step: number) => ({
      v: 1,
      type: 'step',
      runId,
      step,
      epoch: 1,
      loss: 1,
      accuracy: 0,
    });
    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'batch',
        messages: [
          { v: 1, type: 'hello', runId: 'a', name: 'a', graph: { nodes: [] } },
          stepOf('a', 1),
          stepOf('ghost', 1),
          stepOf('a', 2),
        ],
      }),
    );
    const own = syntheticRun('own', 'mlp');
    server.publish(own.hello);
    publisher.send(JSON.stringify({ ...own.hello, name: 'impostor' }));
    while (errors.length < 4) await new Promise((r) => setTimeout(r, 10));
    expect(errors[0]).toBe("[gradstream] step of run 'ghost': send the run's hello first");
    expect(errors[1]).toMatch(/field "graph\.nodes\[0\]\.outputShape" is malformed/);
    expect(errors[2]).toBe("[gradstream] step of run 'ghost': send the run's hello first");
    expect(errors[3]).toBe(
      "[gradstream] hello of run 'own': that runId is the server's own run; pick another",
    );

    const page = await openClient(server.url);
    cleanup.push(() => page.ws.terminate());
    await page.until((ms) => ms.length > 0);
    await page.until((ms) => ms.length >= 2);
    expect(page.messages().filter((m) => m.runId !== 'own')).toEqual([
      {
        v: 1,
        type: 'hello',
        runId: 'r',
        name: 'r',
        graph: {
          nodes: [{ id: 'fc1', op: 'linear', inputs: ['input'], outputShape: [], params: [] }],
        },
      },
    ]);
    expect(page.messages().filter((m) => m.runId === 'own')).toEqual([own.hello]);
  });
});
