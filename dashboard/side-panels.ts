import type { NodeView } from './graph-view.ts';
import { HEALTH_COLORS, layerColor, runColor, runDash } from './palette.ts';
import { lastValue, type RunState } from './run-store.ts';

/**
 * The header's run legend: one chip per run with its colour (loss, accuracy) and dash
 * (per-layer charts), its step, latest loss and, when finished, its test accuracy.
 */
export function renderRunLegend(
  host: HTMLElement,
  runs: readonly RunState[],
  focus: string | undefined,
  onFocus: (id: string) => void,
): void {
  if (runs.length === 0) {
    host.replaceChildren(
      span(
        'muted',
        'No run yet — start one with `gradstream train … --dashboard` or connect a publisher',
      ),
    );
    return;
  }
  const key = `${runs.map((r) => r.id).join('\u0000')}|${focus}`;
  if (host.dataset.key === key) {
    runs.forEach((run, i) => {
      const facts = host.children[i]?.querySelector('.run-facts');
      if (facts) facts.textContent = runFacts(run);
    });
    return;
  }
  host.dataset.key = key;
  host.replaceChildren(
    ...runs.map((run) => {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = `run-chip${run.id === focus ? ' focused' : ''}`;
      chip.dataset.run = run.id;
      chip.title = 'Show this run in the graph and heatmaps';
      const swatch = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      swatch.setAttribute('width', '26');
      swatch.setAttribute('height', '8');
      swatch.innerHTML = `<line x1="0" y1="4" x2="26" y2="4" stroke="${runColor(run.index)}" stroke-width="2.5" stroke-dasharray="${runDash(run.index).join(' ')}"/>`;
      chip.append(swatch, span('run-name', run.name), span('run-facts', runFacts(run)));
      chip.addEventListener('click', () => onFocus(run.id));
      return chip;
    }),
  );
}

/** The layer list: toggles a layer's lines in every chart; its name focuses the heatmaps. */
export function renderLayerPicker(
  host: HTMLElement,
  layers: readonly string[],
  hidden: ReadonlySet<string>,
  focus: string | undefined,
  view: (id: string) => NodeView,
  actions: { toggle(id: string): void; focus(id: string): void },
): void {
  // Rebuild only when the structure changes, so a click is never lost to a redraw mid-press.
  const key = `${layers.join('\u0000')}|${[...hidden].join('\u0000')}|${focus}`;
  if (host.dataset.key === key) {
    for (const row of host.children) {
      const id = (row as HTMLElement).dataset.layer ?? '';
      const v = view(id);
      const dot = row.querySelector<HTMLElement>('.health-dot');
      if (dot) dot.style.background = HEALTH_COLORS[v.health];
      const detail = row.querySelector('.layer-detail');
      if (detail) detail.textContent = v.detail;
    }
    return;
  }
  host.dataset.key = key;
  const rows = layers.map((id, i) => {
    const row = document.createElement('li');
    row.className = `layer-row${id === focus ? ' focused' : ''}`;
    row.dataset.layer = id;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = !hidden.has(id);
    box.title = 'Show this layer in the charts';
    box.style.accentColor = layerColor(i);
    box.addEventListener('change', () => actions.toggle(id));
    const v = view(id);
    const dot = span('health-dot', '');
    dot.style.background = HEALTH_COLORS[v.health];
    dot.title = `gradient health: ${v.health}`;
    const name = document.createElement('button');
    name.type = 'button';
    name.className = 'layer-name';
    name.textContent = id;
    name.style.color = layerColor(i);
    name.addEventListener('click', () => actions.focus(id));
    row.append(box, dot, name, span('layer-detail', v.detail));
    return row;
  });
  host.replaceChildren(...rows);
}

function runFacts(run: RunState): string {
  const loss = lastValue(run.loss);
  const accuracy = lastValue(run.accuracy);
  return [
    `step ${run.lastStep}`,
    run.epochs !== undefined ? `epoch ${run.epoch}/${run.epochs}` : `epoch ${run.epoch}`,
    loss != null ? `loss ${loss.toFixed(4)}` : '',
    accuracy != null ? `acc ${(accuracy * 100).toFixed(1)}%` : '',
    run.done
      ? `done · test ${(run.done.testAccuracy * 100).toFixed(2)}% · ${Math.round(run.done.samplesPerSecond)} samples/s`
      : '',
  ]
    .filter((f) => f !== '')
    .join(' · ');
}

function span(cls: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}
