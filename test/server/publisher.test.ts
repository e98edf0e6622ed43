import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDashboardServer, type DashboardServer } from '../../src/server/dashboard-server.ts';
import { openClient } from './ws-helpers.ts';

let server: DashboardServer | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await server?.close();
  server = undefined;
});

describe('publishers', () => {
  it('stream a foreign run in plain JSON that pages receive, hello first', async () => {
    server = await startDashboardServer({ port: 0 });
    // A trainer that is not gradstream: nothing but ws and the documented JSON.
    const publisher = new WebSocket(`${server.url.replace('http', 'ws')}/ws?role=publisher`);
    sockets.push(publisher);
    await new Promise((r) => publisher.once('open', r));
    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'hello',
        runId: 'torch-1',
        name: 'pytorch resnet',
        graph: {
          nodes: [{ id: 'conv1', op: 'conv2d', inputs: ['input'], outputShape: [64], params: [] }],
        },
      }),
    );
    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'batch',
        messages: [
          { v: 1, type: 'step', runId: 'torch-1', step: 1, epoch: 1, loss: 2.2, accuracy: 0.1 },
          {
            v: 1,
            type: 'layers',
            runId: 'torch-1',
            step: 1,
            params: [{ id: 'conv1.weight', nodeId: 'conv1', norm: 0.7 }],
            activations: [],
          },
        ],
      }),
    );

    const page = await openClient(server.url);
    sockets.push(page.ws);
    await page.until((ms) => ms.length === 3);
    expect(page.messages().map((m) => m.type)).toEqual(['hello', 'step', 'layers']);
    expect(page.messages()[0]).toMatchObject({ runId: 'torch-1', name: 'pytorch resnet' });

    publisher.send(
      JSON.stringify({
        v: 1,
        type: 'step',
        runId: 'torch-1',
        step: 2,
        epoch: 1,
        loss: 1.9,
        accuracy: 0.3,
      }),
    );
    await page.until((ms) => ms.length === 4);
    expect(page.messages()[3]).toMatchObject({ type: 'step', step: 2, loss: 1.9 });
  });

  it('are not sent the pages’ batches', async () => {
    server = await startDashboardServer({ port: 0 });
    const publisher = new WebSocket(`${server.url.replace('http', 'ws')}/ws?role=publisher`);
    sockets.push(publisher);
    const received: string[] = [];
    publisher.on('message', (d) => received.push(String(d)));
    await new Promise((r) => publisher.once('open', r));
    server.publish({ v: 1, type: 'step', runId: 'r', step: 1, epoch: 1, loss: 1, accuracy: 0 });
    await new Promise((r) => setTimeout(r, 150));
    expect(received).toEqual([]);
    expect(server.stats()).toMatchObject({ pages: 0, publishers: 1 });
  });
});
