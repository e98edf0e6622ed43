import { Subscription } from 'rxjs';
import type { Alert } from '../monitor/alert.ts';
import type { NonFiniteReport } from '../optim/non-finite.ts';
import type { JsonLinesFile } from './jsonl-file.ts';
import type { RunMonitoring } from './monitor-run.ts';
import type { Progress } from './progress.ts';
import type { Publisher } from './publish-run.ts';
import type { Output } from './train.ts';

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

/** Reports every alert and non-finite gradient as it happens; unsubscribe to stop. */
export function reportAlerts(monitoring: RunMonitoring, sinks: AlertSinks): Subscription {
  const subscription = monitoring.alerts$.subscribe((alert) => {
    say(
      sinks,
      alertRecord(alert),
      `alert: ${alert.message.replace(/\.?$/, '.')} Try: ${alert.mitigation}.`,
    );
    sinks.publisher?.alert(alert);
  });
  subscription.add(
    monitoring.nonFinite$.subscribe((report) => {
      const what = `non-finite gradients at step ${report.step} in ${report.paramIds.join(', ')} (${report.operator}, policy '${report.policy}')`;
      say(sinks, nonFiniteRecord(report), `alert: ${what}.`);
      sinks.publisher?.nonFinite(report);
    }),
  );
  return subscription;
}

function say(sinks: AlertSinks, record: object, line: string): void {
  sinks.stats?.write(record);
  if (sinks.isJson) {
    sinks.output.stdout(JSON.stringify(record));
    return;
  }
  sinks.progress?.clear();
  sinks.output.stdout(line);
}
