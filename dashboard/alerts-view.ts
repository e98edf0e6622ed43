import type { AlertMessage } from '../src/server/protocol.ts';

/** An alert as listed: the newest of its (run, kind, layer) group and how often it fired. */
interface Group {
  latest: AlertMessage;
  count: number;
  runName: string;
}

/**
 * The alerts panel: one entry per (run, detector, layer), newest first, with its evidence and
 * mitigation; clicking an entry jumps to the layer.
 */
export class AlertsView {
  private key = '';

  constructor(
    private readonly list: HTMLElement,
    private readonly counter: HTMLElement,
    private readonly onSelect: (runId: string, layer: string) => void,
  ) {}

  update(
    runs: readonly {
      readonly id: string;
      readonly name: string;
      readonly alerts: readonly AlertMessage[];
    }[],
  ): void {
    const groups = new Map<string, Group>();
    let total = 0;
    for (const run of runs) {
      for (const a of run.alerts) {
        const k = `${run.id}\u0000${a.kind}\u0000${a.layer}`;
        const g = groups.get(k);
        if (g === undefined) groups.set(k, { latest: a, count: 1, runName: run.name });
        else {
          g.count++;
          if (a.step >= g.latest.step) g.latest = a;
        }
        total++;
      }
    }
    const sorted = [...groups.values()].sort(
      (a, b) => severityRank(b.latest) - severityRank(a.latest) || b.latest.step - a.latest.step,
    );
    const key = sorted
      .map((g) => `${g.latest.runId}${g.latest.kind}${g.latest.layer}${g.latest.step}${g.count}`)
      .join('|');
    if (key === this.key) return;
    this.key = key;
    this.counter.textContent = String(total);
    this.counter.dataset.severity = sorted[0]?.latest.severity ?? 'none';
    if (sorted.length === 0) {
      const p = el(
        'p',
        'muted',
        'No alerts. Detectors report here with their evidence and a fix to try.',
      );
      this.list.replaceChildren(p);
      return;
    }
    this.list.replaceChildren(...sorted.map((g) => this.item(g, runs.length > 1)));
  }

  private item(g: Group, showRun: boolean): HTMLElement {
    const a = g.latest;
    const li = el('button', `alert alert-${a.severity ?? 'warning'}`);
    li.type = 'button';
    li.dataset.layer = a.layer;
    li.title = `Show layer ${a.layer}`;
    const head = el('div', 'alert-head');
    head.append(
      el('span', 'alert-kind', a.kind),
      el('span', 'alert-layer', a.layer),
      el(
        'span',
        'alert-step',
        `step ${a.step}${g.count > 1 ? ` · ×${g.count}` : ''}${showRun ? ` · ${g.runName}` : ''}`,
      ),
    );
    const evidence = el('dl', 'alert-evidence');
    for (const [k, v] of Object.entries(a.evidence))
      evidence.append(el('dt', '', k), el('dd', '', formatEvidence(v)));
    li.append(
      head,
      el('p', 'alert-message', a.message),
      evidence,
      el('p', 'alert-fix', `Try: ${a.mitigation}`),
    );
    li.addEventListener('click', () => this.onSelect(a.runId, a.layer));
    return li;
  }
}

function severityRank(a: AlertMessage): number {
  return a.severity === 'critical' ? 2 : a.severity === 'info' ? 0 : 1;
}

function formatEvidence(v: number | string | boolean | null): string {
  if (typeof v !== 'number') return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
