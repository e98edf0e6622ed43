import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { BatchMessage, PublishedMessage, ServerMessage } from '../../src/server/protocol.ts';

/** A page-like client that collects every batch it receives. */
export interface CollectingClient {
  readonly ws: WebSocket;
  readonly batches: BatchMessage[];
  readonly messages: () => PublishedMessage[];
  /** Resolves once `predicate` holds for the messages so far (polling every 10 ms), or rejects after `ms`. */
  until(predicate: (messages: PublishedMessage[]) => boolean, ms?: number): Promise<void>;
}

/** Opens a WebSocket to the server and collects its batches. */
export async function openClient(url: string, path = '/ws'): Promise<CollectingClient> {
  const ws = new WebSocket(url.replace('http', 'ws') + path);
  const batches: BatchMessage[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ServerMessage;
    if (m.type === 'batch') batches.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const messages = (): PublishedMessage[] => batches.flatMap((b) => b.messages);
  return {
    ws,
    batches,
    messages,
    async until(predicate, ms = 3000) {
      const deadline = Date.now() + ms;
      while (!predicate(messages())) {
        if (Date.now() > deadline)
          throw new Error(
            `[test] condition not met within ${ms} ms; got ${messages().length} messages`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

/**
 * A client that completes the WebSocket handshake and then never reads again: its TCP window
 * fills and the server must cope. Returns the raw socket to destroy afterwards.
 */
export async function openStalledClient(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write(
    'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.pause();
  // A tiny receive window makes the stall bite at once instead of after megabytes.
  socket.setNoDelay(true);
  return socket;
}
