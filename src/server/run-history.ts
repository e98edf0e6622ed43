import type { HelloMessage, PublishedMessage } from './protocol.ts';
import { RingBuffer } from './ring-buffer.ts';

/** A published message with the server-wide sequence number it arrived under. */
export interface Sequenced {
  readonly seq: number;
  readonly message: PublishedMessage;
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
  /** Runs kept; the oldest is forgotten when another starts. */
  readonly runs: number;
}

/** Enough for full charts without letting a long run grow the server. */
export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
  steps: 4000,
  layers: 1500,
  health: 1500,
  histograms: 160,
  histogramSeries: 96,
  alerts: 200,
  epochs: 1000,
  runs: 8,
};

interface RunRecord {
  hello?: Sequenced;
  readonly series: Map<string, RingBuffer<Sequenced>>;
}

/**
 * Bounded history of every run, keyed by a server-wide sequence number so that each client only
 * needs a cursor: `since(cursor)` returns what it has not seen, hellos first.
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

  add(message: PublishedMessage): void {
    const entry = { seq: ++this.seq, message };
    if (message.type === 'hello') {
      this.startRun(message, entry);
      return;
    }
    const record =
      this.runs.get(message.runId) ?? this.startRun(undefined, undefined, message.runId);
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
    ring.push(entry);
  }

  /** Every kept message newer than `cursor`: new hellos first, then the rest in arrival order. */
  since(cursor: number): PublishedMessage[] {
    const hellos: Sequenced[] = [];
    const rest: Sequenced[] = [];
    for (const record of this.runs.values()) {
      if (record.hello !== undefined && record.hello.seq > cursor) hellos.push(record.hello);
      for (const ring of record.series.values()) {
        for (const entry of ring.takeNewest((e) => e.seq > cursor)) rest.push(entry);
      }
    }
    hellos.sort((a, b) => a.seq - b.seq);
    rest.sort((a, b) => a.seq - b.seq);
    return [...hellos, ...rest].map((e) => e.message);
  }

  private startRun(
    hello: HelloMessage | undefined,
    entry: Sequenced | undefined,
    runId = hello?.runId ?? '',
  ): RunRecord {
    // A hello for a known run means it restarted: its old series would mislead the charts.
    this.runs.delete(runId);
    while (this.runs.size >= this.limits.runs)
      this.runs.delete(this.runs.keys().next().value as string);
    const record: RunRecord = { hello: entry, series: new Map() };
    this.runs.set(runId, record);
    return record;
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
