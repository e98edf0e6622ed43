import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type BatchMessage } from './protocol.ts';
import type { RunHistory } from './run-history.ts';

/** How the broadcaster paces and bounds what each page receives. */
export interface BroadcastOptions {
  /** Milliseconds between flushes: 50 gives a client at most 20 updates a second. */
  readonly intervalMs: number;
  /** A client whose unsent bytes exceed this is skipped until it drains: no backlog grows. */
  readonly maxBufferedBytes: number;
}

/** Broadcast every 50 ms and skip a client with more than 1 MiB unsent. */
export const DEFAULT_BROADCAST_OPTIONS: BroadcastOptions = {
  intervalMs: 50,
  maxBufferedBytes: 1 << 20,
};

/**
 * Conflates the history into one batch per client per tick. Each client holds only a cursor
 * (the last sequence number it was sent); publishing never touches a socket, so training pays
 * nothing for slow or stalled pages, and a page that catches up gets the bounded history since
 * its cursor rather than every frame it missed.
 */
export class Broadcaster {
  private readonly cursors = new Map<WebSocket, number>();
  private readonly timer: NodeJS.Timeout;
  /** Batches sent so far, for tests and benchmarks. */
  sentBatches = 0;
  /** Times a client was skipped because its buffer was full. */
  skipped = 0;

  constructor(
    private readonly history: RunHistory,
    private readonly options: BroadcastOptions = DEFAULT_BROADCAST_OPTIONS,
  ) {
    this.timer = setInterval(() => this.flush(), options.intervalMs);
    this.timer.unref();
  }

  get clientCount(): number {
    return this.cursors.size;
  }

  bufferedBytes(): number {
    let sum = 0;
    for (const ws of this.cursors.keys()) sum += ws.bufferedAmount;
    return sum;
  }

  /** Adds a page and sends it every run's hello and history at once. */
  add(ws: WebSocket): void {
    this.cursors.set(ws, 0);
    this.sendTo(ws, new Map());
  }

  remove(ws: WebSocket): void {
    this.cursors.delete(ws);
  }

  /** Sends each ready client what it has not seen; clients at the same cursor share one string. */
  flush(): void {
    const encoded = new Map<number, string | undefined>();
    for (const ws of this.cursors.keys()) this.sendTo(ws, encoded);
  }

  close(): void {
    clearInterval(this.timer);
    this.cursors.clear();
  }

  private sendTo(ws: WebSocket, encoded: Map<number, string | undefined>): void {
    const cursor = this.cursors.get(ws) ?? 0;
    const latest = this.history.latest;
    if (cursor >= latest || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.skipped++;
      return;
    }
    if (!encoded.has(cursor)) encoded.set(cursor, this.encode(cursor));
    const text = encoded.get(cursor);
    this.cursors.set(ws, latest);
    if (text === undefined) return;
    ws.send(text);
    this.sentBatches++;
  }

  private encode(cursor: number): string | undefined {
    const messages = this.history.since(cursor);
    if (messages.length === 0) return undefined;
    const batch: BatchMessage = { v: PROTOCOL_VERSION, type: 'batch', messages };
    return JSON.stringify(batch);
  }
}
