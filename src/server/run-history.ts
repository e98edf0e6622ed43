import type { PublishedMessage } from './protocol.ts';
import { RingBuffer } from './ring-buffer.ts';

/** A published message with the server-wide sequence number it arrived under. */
export interface Sequenced {
  readonly seq: number;
  readonly message: PublishedMessage;
  /** The message as JSON, encoded once: its length is what the history's byte budget counts. */
  readonly text: string;
}

/** How much of each series the server keeps per run: what a newly connected page receives. */
export interface HistoryLimits {
  readonly steps: number;
  readonly layers: number;
  readonly health: number;
  /** Per (layer, kind) pair. */
  readonly histograms: number;
  /** Distinct (layer, kind) pairs kept per run. */
  readonly histogramSeries: number;
  readonly alerts: number;
  readonly epochs: number;
  /** Runs kept; the oldest is forgotten when another starts (unpinned runs first). */
  readonly runs: number;
  /**
   * Characters of JSON kept per run; past it the run's oldest messages go first. With the count
   * limits above a run of ours holds about 10 MB; the budget is what bounds a publisher that
   * sends large messages.
   */
  readonly runBytes: number;
}

/** Enough for full charts without letting a long run grow the server. */
export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  steps: 4000,
  layers: 4000,
  health: 4000,
  histograms: 160,
  histogramSeries: 96,
  alerts: 200,
  epochs: 1000,
  runs: 8,
  runBytes: 16 << 20,
};

interface RunRecord {
  hello?: Sequenced;
  readonly series: Map<string, RingBuffer<Sequenced>>;
  /** Characters of JSON held in `series` (the hello is not counted: it is never dropped). */
  bytes: number;
  /** The server's own runs: other publishers' hellos never push them out while others remain. */
  readonly pinned: boolean;
}

/**
 * Bounded history of every run, keyed by a server-wide sequence number so that each client only
 * needs a cursor: `since(cursor)` returns what it has not seen, in arrival order.
 */
export class RunHistory {
  private seq = 0;
  private readonly runs = new Map<string, RunRecord>();

  constructor(private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS) {}

  /** Sequence number of the newest message. */
  get latest(): number {
    return this.seq;
  }

  get runIds(): string[] {
    return [...this.runs.keys()];
  }

  /** True once `runId` has said hello (or sent anything, for the server's own runs). */
  hasRun(runId: string): boolean {
    return this.runs.has(runId);
  }

  /** True for the server's own runs, which outside publishers may neither evict nor restart. */
  isPinned(runId: string): boolean {
    return this.runs.get(runId)?.pinned === true;
  }

  /** Keeps `message`; `pinned` marks the server's own runs, which outside hellos cannot evict. */
  add(message: PublishedMessage, pinned = false): void {
    const entry = { seq: ++this.seq, message, text: JSON.stringify(message) };
    if (message.type === 'hello') {
      this.startRun(message.runId, entry, pinned);
      return;
    }
    const record = this.runs.get(message.runId) ?? this.startRun(message.runId, undefined, pinned);
    const key = seriesKey(message);
    let ring = record.series.get(key);
    if (ring === undefined) {
      if (
        message.type === 'histogram' &&
        this.histogramSeriesCount(record) >= this.limits.histogramSeries
      )
        return;
      ring = new RingBuffer<Sequenced>(this.capacityOf(message));
      record.series.set(key, ring);
    }
    record.bytes += entry.text.length - (ring.push(entry)?.text.length ?? 0);
    while (record.bytes > this.limits.runBytes && this.dropOldest(record));
  }

  /**
   * Every kept message newer than `cursor`, in arrival order: a run's hello always comes before
   * the rest of that run, so any prefix of the list is something a page can apply.
   */
  since(cursor: number): Sequenced[] {
    const out: Sequenced[] = [];
    for (const record of this.runs.values()) {
      if (record.hello !== undefined && record.hello.seq > cursor) out.push(record.hello);
      for (const ring of record.series.values()) {
        for (const entry of ring.takeNewest((e) => e.seq > cursor)) out.push(entry);
      }
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  private startRun(runId: string, hello: Sequenced | undefined, pinned: boolean): RunRecord {
    // A hello for a known run means it restarted: its old series would mislead the charts.
    this.runs.delete(runId);
    while (this.runs.size >= this.limits.runs) this.runs.delete(this.evictionCandidate());
    const record: RunRecord = {
      hello,
      series: new Map(),
      bytes: 0,
      pinned,
    };
    this.runs.set(runId, record);
    return record;
  }

  /** The oldest run that is not pinned, or the oldest of all when every run is. */
  private evictionCandidate(): string {
    for (const [id, record] of this.runs) if (!record.pinned) return id;
    return this.runs.keys().next().value as string;
  }

  /** Drops the run's oldest message across its series; false when there is nothing to drop. */
  private dropOldest(record: RunRecord): boolean {
    let oldest: RingBuffer<Sequenced> | undefined;
    for (const ring of record.series.values()) {
      if (ring.size > 0 && (oldest === undefined || ring.at(0).seq < oldest.at(0).seq))
        oldest = ring;
    }
    const dropped = oldest?.shift();
    if (dropped === undefined) return false;
    record.bytes -= dropped.text.length;
    return true;
  }

  private histogramSeriesCount(record: RunRecord): number {
    let n = 0;
    for (const key of record.series.keys()) if (key.startsWith('histogram:')) n++;
    return n;
  }

  private capacityOf(message: PublishedMessage): number {
    const l = this.limits;
    switch (message.type) {
      case 'step':
        return l.steps;
      case 'layers':
        return l.layers;
      case 'health':
        return l.health;
      case 'histogram':
        return l.histograms;
      case 'alert':
        return l.alerts;
      case 'epoch':
        return l.epochs;
      default:
        return 1;
    }
  }
}

function seriesKey(message: PublishedMessage): string {
  if (message.type === 'histogram') return `histogram:${message.nodeId}:${message.kind}`;
  return message.type;
}
