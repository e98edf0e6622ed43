import { Subscription, type Unsubscribable } from 'rxjs';
import type { Alert } from '../monitor/alert.ts';
import type { NonFiniteReport } from '../optim/non-finite.ts';
import type { JsonLinesFile } from './jsonl-file.ts';
import type { RunMonitoring } from './monitor-run.ts';
import type { Progress } from './progress.ts';
import type { Publisher } from './publish-run.ts';
import type { Output } from './train.ts';

/** Steps a repeating source stays summarized after a line of it is printed. */
const QUIET_STEPS = 500;

/** Where alerts go: the terminal (a line each, or JSON Lines), the stats file, the dashboard. */
export interface AlertSinks {
  readonly output: Output;
  readonly isJson: boolean;
  readonly progress?: Progress;
  readonly stats?: JsonLinesFile;
  readonly publisher?: Publisher;
}

/** The JSON Lines record of an alert in `--json` output and `--stats-out`. */
export function alertRecord(alert: Alert): object {
  return { type: 'alert', ...alert };
}

/** The JSON Lines record of non-finite gradients met by clipping. */
export function nonFiniteRecord(report: NonFiniteReport): object {
  return { type: 'nonFinite', ...report };
}

/** Decides which lines a person sees; every report still goes to the stats file and `--json`. */
export interface TerminalDigest {
  /** Lines to print for an alert: its sentence, or nothing while its kind and layer repeat. */
  alert(alert: Alert): string[];
  /** Lines to print for a non-finite report: the first of its operator, then summaries. */
  nonFinite(report: NonFiniteReport): string[];
  /** One summary line per source with reports held back since its last line; clears them. */
  flush(): string[];
}

/** Reports held back for one source (an alert's kind and layer, or a clipping operator). */
interface Held {
  lastPrinted: number;
  count: number;
  first: number;
  last: number;
  summary: (held: Held) => string;
}

/**
 * Creates the terminal's digest: a source (an alert kind on a layer, or the clipping operator
 * that met NaN or Inf) prints its first report in full; reports that follow within `quietSteps`
 * steps of its last line are counted, and summarized in one line once `quietSteps` have passed
 * or at `flush()`. A source quiet for `quietSteps` steps prints in full again.
 */
export function createTerminalDigest(quietSteps = QUIET_STEPS): TerminalDigest {
  const sources = new Map<string, Held>();
  const see = (key: string, step: number, full: string, summary: Held['summary']): string[] => {
    const held = sources.get(key);
    if (held === undefined || (held.count === 0 && step - held.lastPrinted >= quietSteps)) {
      sources.set(key, { lastPrinted: step, count: 0, first: step, last: step, summary });
      return [full];
    }
    if (held.count === 0) held.first = step;
    held.count += 1;
    held.last = step;
    held.summary = summary;
    return step - held.lastPrinted >= quietSteps ? [release(held, step)] : [];
  };
  const release = (held: Held, step: number): string => {
    const line = held.summary(held);
    held.count = 0;
    held.lastPrinted = step;
    return line;
  };
  return {
    alert: (alert) =>
      see(`${alert.kind}:${alert.layer}`, alert.step, alertLine(alert), (held) => {
        const times = held.count === 1 ? 'once more' : `${held.count} more times`;
        return `alert: '${alert.kind}' in layer '${alert.layer}' fired ${times} (${steps(held)}); --stats-out and --json keep every alert.`;
      }),
    nonFinite: (report) =>
      see(`nonFinite:${report.operator}`, report.step, nonFiniteLine(report), (held) => {
        const more = held.count === 1 ? '1 more step' : `${held.count} more steps`;
        return `alert: non-finite gradients on ${more} (${steps(held)}), ${report.operator} policy '${report.policy}'; --stats-out and --json keep every report.`;
      }),
    flush: () => [...sources.values()].filter((h) => h.count > 0).map((h) => release(h, h.last)),
  };
}

/** Reports alerts and non-finite gradients until unsubscribed, which also prints the summaries. */
export interface AlertReporter extends Unsubscribable {
  /** Prints the summaries of reports held back so far (call it before the run's last line). */
  flush(): void;
}

/**
 * Reports every alert and non-finite gradient as it happens: all of them to the stats file,
 * `--json` and the dashboard; to the terminal, through a TerminalDigest so floods stay short.
 */
export function reportAlerts(monitoring: RunMonitoring, sinks: AlertSinks): AlertReporter {
  const digest = createTerminalDigest();
  const subscription = new Subscription();
  subscription.add(
    monitoring.alerts$.subscribe((alert) => {
      say(sinks, alertRecord(alert), digest.alert(alert));
      sinks.publisher?.alert(alert);
    }),
  );
  subscription.add(
    monitoring.nonFinite$.subscribe((report) => {
      say(sinks, nonFiniteRecord(report), digest.nonFinite(report));
      sinks.publisher?.nonFinite(report);
    }),
  );
  const flush = (): void => {
    if (!sinks.isJson) print(sinks, digest.flush());
  };
  return {
    flush,
    unsubscribe: () => {
      subscription.unsubscribe();
      flush();
    },
  };
}

function alertLine(alert: Alert): string {
  return `alert: ${alert.message.replace(/\.?$/, '.')} Try: ${alert.mitigation}.`;
}

function nonFiniteLine(report: NonFiniteReport): string {
  return `alert: non-finite gradients at step ${report.step} in ${report.paramIds.join(', ')} (${report.operator}, policy '${report.policy}').`;
}

function steps(held: Held): string {
  return held.first === held.last ? `step ${held.first}` : `steps ${held.first}–${held.last}`;
}

function say(sinks: AlertSinks, record: object, lines: readonly string[]): void {
  sinks.stats?.write(record);
  if (sinks.isJson) {
    sinks.output.stdout(JSON.stringify(record));
    return;
  }
  print(sinks, lines);
}

function print(sinks: AlertSinks, lines: readonly string[]): void {
  if (lines.length === 0) return;
  sinks.progress?.clear();
  for (const line of lines) sinks.output.stdout(line);
}
