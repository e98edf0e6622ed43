import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from './protocol.ts';
import type { RunHistory } from './run-history.ts';

/** How the broadcaster paces and bounds what each page receives. */
export interface BroadcastOptions {
  /** Milliseconds between flushes: 50 gives a client at most 20 updates a second. */
  readonly intervalMs: number;
  /** A client whose unsent bytes exceed this is skipped until it drains: no backlog grows. */
  readonly maxBufferedBytes: number;
  /**
   * Characters of JSON per batch, at most (one message is always sent, however large): a page
   * that connects mid-run gets its history over several ticks, so even a page that never reads
   * holds about maxBufferedBytes + maxBatchBytes, never a whole history.
   */
  readonly maxBatchBytes: number;
}

/** Broadcast every 50 ms, in batches of at most 1 MiB, and skip a client with 1 MiB unsent. */
export const DEFAULT_BROADCAST_OPTIONS: BroadcastOptions = {
  intervalMs: 50,
  maxBufferedBytes: 1 << 20,
  maxBatchBytes: 1 << 20,
};

/** One encoded batch and the cursor a client has after receiving it. */
interface EncodedBatch {
  readonly text: string | undefined;
  readonly cursor: number;
}

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

  /** Adds a page and sends it the first batch of every run's hello and history. */
  add(ws: WebSocket): void {
    this.cursors.set(ws, 0);
    this.sendTo(ws, new Map());
  }

  remove(ws: WebSocket): void {
    this.cursors.delete(ws);
  }

  /** Sends each ready client what it has not seen; clients at the same cursor share one string. */
  flush(): void {
    const encoded = new Map<number, EncodedBatch>();
    for (const ws of this.cursors.keys()) this.sendTo(ws, encoded);
  }

  close(): void {
    clearInterval(this.timer);
    this.cursors.clear();
  }

  private sendTo(ws: WebSocket, encoded: Map<number, EncodedBatch>): void {
    const cursor = this.cursors.get(ws) ?? 0;
    if (cursor >= this.history.latest || ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.skipped++;
      return;
    }
    let batch = encoded.get(cursor);
    if (batch === undefined) {
      batch = this.encode(cursor);
      encoded.set(cursor, batch);
    }
    this.cursors.set(ws, batch.cursor);
    if (batch.text === undefined) return;
    ws.send(batch.text);
    this.sentBatches++;
  }

  /** The oldest messages after `cursor` that fit in one batch, joined from their stored JSON. */
  private encode(cursor: number): EncodedBatch {
    const entries = this.history.since(cursor);
    if (entries.length === 0) return { text: undefined, cursor: this.history.latest };
    const head = `{"v":${PROTOCOL_VERSION},"type":"batch","messages":[`;
    const parts: string[] = [];
    let bytes = head.length + 2;
    for (const entry of entries) {
      const cost = entry.text.length + (parts.length > 0 ? 1 : 0);
      if (parts.length > 0 && bytes + cost > this.options.maxBatchBytes) break;
      parts.push(entry.text);
      bytes += cost;
    }
    const isComplete = parts.length === entries.length;
    return {
      text: `${head}${parts.join(',')}]}`,
      cursor: isComplete ? this.history.latest : entries[parts.length - 1].seq,
    };
  }
}
