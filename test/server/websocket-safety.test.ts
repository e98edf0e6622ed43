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
    while (errors.length < 4) await new Promise((r) => setTimeout(r, 10));
    expect(errors[0]).toBe('[gradstream] message is not valid JSON');
    expect(errors[1]).toMatch(/field "step"/);
    expect(errors[2]).toMatch(/protocol version v=1, got 99/);
    expect(errors[3]).toMatch(/"counts"/);

    // Still serving: a valid message reaches the page.
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
    const counts = Array.from({ length: 1024 }, (_, i) => 1000 + i);
    for (let step = 1; step <= 400; step++) {
      server.publish(run.messagesAt(step)[0]);
      for (let n = 0; n < 20; n++)
        server.publish({
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
      if (step % 10 === 0) await new Promise((r) => setTimeout(r, 12));
    }
    await healthy.until((ms) => ms.filter((m) => m.type === 'step').length === 400, 8000);
    const stats = server.stats();
    expect(stats.skipped).toBeGreaterThan(0);
    // Bound plus at most one batch per client: nowhere near the 30 MB published.
    expect(stats.bufferedBytes).toBeLessThan(4 * 1024 * 1024);
  }, 15_000);
});
