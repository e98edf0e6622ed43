import { afterEach, describe, expect, it } from 'vitest';
import { startDashboardServer, type DashboardServer } from '../../src/server/dashboard-server.ts';
import type { StepMessage } from '../../src/server/protocol.ts';
import { syntheticRun } from './synthetic-run.ts';
import { openClient, type CollectingClient } from './ws-helpers.ts';

let server: DashboardServer | undefined;
const clients: CollectingClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

async function client(): Promise<CollectingClient> {
  const c = await openClient((server as DashboardServer).url);
  clients.push(c);
  return c;
}

describe('startDashboardServer', () => {
  it('binds 127.0.0.1 on a free port and reports its url', async () => {
    server = await startDashboardServer({ port: 0 });
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('says in one sentence why it cannot listen', async () => {
    server = await startDashboardServer({ port: 0 });
    await expect(startDashboardServer({ port: server.port })).rejects.toThrow(
      `[gradstream] dashboard: cannot listen on 127.0.0.1:${server.port}: port ${server.port} is already in use; pick another --port, or 0 for a free one`,
    );
    await expect(startDashboardServer({ port: 99999 })).rejects.toThrow(
      'port must be an integer from 0 to 65535, got 99999',
    );
  });

  it('serves the page, its bundled script and uPlot styles', async () => {
    server = await startDashboardServer({ port: 0 });
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/main.js">');
    const script = await fetch(`${server.url}/main.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(10_000);
    expect(await (await fetch(`${server.url}/uplot.css`)).text()).toContain('.uplot');
  });

  it('sends a new client the hello first, then the history of every series', async () => {
    server = await startDashboardServer({ port: 0 });
    const run = syntheticRun('run-a', 'mlp');
    server.publish(run.hello);
    for (let step = 1; step <= 40; step++) for (const m of run.messagesAt(step)) server.publish(m);

    const c = await client();
    await c.until((ms) => ms.filter((m) => m.type === 'step').length === 40);
    const first = c.batches[0].messages;
    expect(first[0]).toMatchObject({ type: 'hello', runId: 'run-a', v: 1 });
    const steps = first.filter((m): m is StepMessage => m.type === 'step').map((m) => m.step);
    expect(steps).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(first.filter((m) => m.type === 'histogram').length).toBe(8 * 8);
  });

  it('keeps only a bounded history for late clients', async () => {
    server = await startDashboardServer({ port: 0, history: { steps: 50 } });
    const run = syntheticRun('run-a', 'mlp');
    server.publish(run.hello);
    for (let step = 1; step <= 500; step++) server.publish(run.messagesAt(step)[0]);
    const c = await client();
    await c.until((ms) => ms.some((m) => m.type === 'step'));
    const steps = c
      .messages()
      .filter((m): m is StepMessage => m.type === 'step')
      .map((m) => m.step);
    expect(steps).toEqual(Array.from({ length: 50 }, (_, i) => 451 + i));
  });

  it('conflates a fast run into at most about 20 batches a second, losing no step', async () => {
    server = await startDashboardServer({ port: 0 });
    const run = syntheticRun('run-a', 'mlp');
    server.publish(run.hello);
    const c = await client();
    await c.until((ms) => ms.length === 1);

    // 600 steps published over about 600 ms, one per millisecond.
    const start = Date.now();
    for (let step = 1; step <= 600; step++) {
      for (const m of run.messagesAt(step)) server.publish(m);
      while (Date.now() - start < step) await new Promise((r) => setImmediate(r));
    }
    await c.until((ms) => ms.filter((m) => m.type === 'step').length === 600);
    const seconds = (Date.now() - start) / 1000;
    const updates = c.batches.length - 1;
    expect(updates).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
    expect(updates).toBeGreaterThan(3);
    const steps = c
      .messages()
      .filter((m): m is StepMessage => m.type === 'step')
      .map((m) => m.step);
    expect(steps).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
  });

  it('closes with clients still connected', async () => {
    server = await startDashboardServer({ port: 0 });
    const c = await client();
    const closed = new Promise((r) => c.ws.once('close', r));
    await server.close();
    server = undefined;
    await closed;
  });
});
