import { AlertsView } from './alerts-view.ts';
import { connect } from './connection.ts';
import { GraphView, type NodeView } from './graph-view.ts';
import { HeatmapChart, formatValue } from './heatmap-chart.ts';
import { LineChart, type LineSeries } from './line-chart.ts';
import { layerColor, runColor, runDash } from './palette.ts';
import { RunStore, lastValue, type Points, type RunState } from './run-store.ts';
import { renderLayerPicker, renderRunLegend } from './side-panels.ts';

const store = new RunStore();
const hiddenLayers = new Set<string>();
let focusLayer: string | undefined;
let focusRun: string | undefined;
let paused = false;
let drawnVersion = -1;
let lastDraw = 0;

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const percent = (v: number): string => `${Number((v * 100).toPrecision(3))}%`;

const charts = {
  loss: new LineChart($('chart-loss'), {
    emptyText: 'Waiting for the first training step…',
    format: formatValue,
  }),
  accuracy: new LineChart($('chart-accuracy'), {
    emptyText: 'Waiting for the first training step…',
    range: [0, 1],
    format: percent,
  }),
  norm: new LineChart($('chart-norm'), {
    emptyText: 'No gradient statistics yet',
    log: true,
    format: formatValue,
  }),
  ratio: new LineChart($('chart-ratio'), {
    emptyText: 'No update ratios yet (sent in "health" messages)',
    log: true,
    format: formatValue,
  }),
  dead: new LineChart($('chart-dead'), {
    emptyText: 'No activation statistics yet',
    range: [0, 1],
    format: percent,
  }),
  saturated: new LineChart($('chart-saturated'), {
    emptyText:
      'No saturation report yet: a unit counts as saturated only after a full window of sampled steps (about step 200 at the defaults)',
    range: [0, 1],
    format: percent,
  }),
};
const heatmaps = {
  gradient: new HeatmapChart($('heat-gradient'), 'No gradient histograms for this layer'),
  weight: new HeatmapChart($('heat-weight'), 'No weight histograms for this layer'),
  activation: new HeatmapChart($('heat-activation'), 'No activation histograms for this layer'),
};
const graph = new GraphView($('graph'), (id) => selectLayer(undefined, id));
const alerts = new AlertsView($('alerts'), $('alert-count'), (runId, layer) =>
  selectLayer(runId, layer, true),
);

/** Focuses a layer everywhere: the heatmaps, the graph and the layer list. */
function selectLayer(runId: string | undefined, layer: string, scroll = false): void {
  focusLayer = layer;
  if (runId !== undefined) focusRun = runId;
  hiddenLayers.delete(layer);
  drawnVersion = -1;
  draw(true);
  if (scroll) $('heatmaps').scrollIntoView({ behavior: 'smooth', block: 'start' });
  $('heatmaps').classList.remove('flash');
  void $('heatmaps').offsetWidth;
  $('heatmaps').classList.add('flash');
}

function perLayer(
  runs: readonly RunState[],
  layers: readonly string[],
  pick: (run: RunState) => Map<string, Points>,
  fallback?: (run: RunState) => Map<string, Points>,
): LineSeries[] {
  const out: LineSeries[] = [];
  for (const run of runs) {
    for (const [i, layer] of layers.entries()) {
      if (hiddenLayers.has(layer)) continue;
      let points = pick(run).get(layer);
      let suffix = '';
      // Zeros stand in for dead units only on ReLU-family nodes (a sigmoid's output is never 0),
      // until the server's dead-unit windows fill and real fractions arrive.
      const isActivation = run.nodes.some(
        (n) => n.id === layer && n.params.length === 0 && /relu|elu/i.test(n.op),
      );
      if (points === undefined && fallback !== undefined && isActivation) {
        points = fallback(run).get(layer);
        suffix = ' (zeros)';
      }
      if (points === undefined) continue;
      const label = runs.length > 1 ? `${layer}${suffix} · ${run.name}` : `${layer}${suffix}`;
      out.push({ label, color: layerColor(i), dash: runDash(run.index), points });
    }
  }
  return out;
}

function nodeView(run: RunState | undefined, id: string): NodeView {
  if (run === undefined) return { health: 'none', detail: '' };
  const norm = lastValue(run.gradientNorm.get(id));
  const deadFraction = lastValue(run.deadFraction.get(id));
  const saturated = lastValue(run.saturatedFraction.get(id));
  // Zero outputs stand in for dead units only on ReLU-family nodes (a sigmoid is never 0).
  const isReluFamily = run.nodes.some((n) => n.id === id && /relu|elu/i.test(n.op));
  const dead = deadFraction ?? (isReluFamily ? lastValue(run.zeroFraction.get(id)) : undefined);
  const recent = run.alerts.filter((a) => a.layer === id && a.step >= run.lastStep - 200);
  // A dead-unit report says "dead"; the zero fraction standing in before it says "zeros".
  const detail =
    norm !== undefined
      ? `‖g‖ ${norm === null ? 'NaN' : formatValue(norm)}`
      : dead != null
        ? `${deadFraction != null ? 'dead' : 'zeros'} ${percent(dead)}`
        : saturated != null
          ? `saturated ${percent(saturated)}`
          : '';
  const given = run.status.get(id);
  if (given !== undefined) return { health: given, detail };
  if (
    recent.some((a) => a.severity === 'critical') ||
    norm === null ||
    (run.nonFinite.get(id) ?? 0) > 0
  )
    return { health: 'bad', detail };
  if (
    recent.length > 0 ||
    (norm != null && (norm < 1e-7 || norm > 1e3)) ||
    (dead != null && dead > 0.9) ||
    (saturated != null && saturated > 0.5)
  )
    return { health: 'warn', detail };
  const hasData = norm !== undefined || dead != null || saturated != null;
  return { health: hasData ? 'ok' : 'none', detail };
}

function draw(force = false): void {
  const now = performance.now();
  const runs = [...store.runs.values()];
  const total = runs.reduce((n, r) => n + r.loss.x.length, 0);
  document.body.dataset.steps = String(total);
  $('paused-steps').textContent = runs.map((r) => `${r.name}: step ${r.lastStep}`).join(' · ');
  if (paused && !force) return;
  if (!force && (store.version === drawnVersion || now - lastDraw < 100)) return;
  drawnVersion = store.version;
  lastDraw = now;

  const layers = store.layerIds().filter((id) => id !== 'input');
  focusRun = store.runs.has(focusRun ?? '') ? focusRun : runs[0]?.id;
  const run = focusRun === undefined ? undefined : store.runs.get(focusRun);
  // The focused layer must be one of the focused run's own: runs side by side may differ.
  const runLayers = run?.nodes.map((n) => n.id).filter((id) => id !== 'input') ?? [];
  const candidates = runLayers.length > 0 ? runLayers : layers;
  const withParams = candidates.filter((l) => runs.some((r) => r.gradientNorm.has(l)));
  if (focusLayer === undefined || !candidates.includes(focusLayer))
    focusLayer = withParams[0] ?? candidates[0];

  drawCharts(runs, layers);

  $('heat-title').textContent = focusLayer ?? '—';
  for (const kind of ['gradient', 'weight', 'activation'] as const) {
    heatmaps[kind].update(
      focusRun && focusLayer ? store.histogramsOf(focusRun, focusLayer, kind) : [],
    );
  }

  const nodes = run?.nodes.length ? run.nodes : (runs.find((r) => r.nodes.length > 0)?.nodes ?? []);
  graph.update(nodes, (id) => nodeView(run, id), focusLayer);
  alerts.update(runs);
  renderRunLegend($('runs'), runs, focusRun, (id) => {
    focusRun = id;
    draw(true);
  });
  renderLayerPicker($('layers'), layers, hiddenLayers, focusLayer, (id) => nodeView(run, id), {
    toggle: (id) => {
      if (!hiddenLayers.delete(id)) hiddenLayers.add(id);
      draw(true);
    },
    focus: (id) => selectLayer(undefined, id),
  });
}

/** Redraws the loss and accuracy charts (one series per run) and the per-layer charts. */
function drawCharts(runs: readonly RunState[], layers: readonly string[]): void {
  const multi = runs.length > 1;
  charts.loss.update(
    runs.map((r) => ({
      label: multi ? `${r.name} loss` : 'loss',
      color: runColor(r.index),
      points: r.loss,
    })),
  );
  charts.accuracy.update(
    runs.flatMap((r) => [
      {
        label: multi ? `${r.name} batch` : 'batch accuracy',
        color: runColor(r.index),
        points: r.accuracy,
      },
      {
        label: multi ? `${r.name} test` : 'test accuracy',
        color: multi ? runColor(r.index) : '#f9c74f',
        dash: [6, 3],
        dots: true,
        points: r.testAccuracy,
      },
    ]),
  );
  charts.norm.update(perLayer(runs, layers, (r) => r.gradientNorm));
  charts.ratio.update(perLayer(runs, layers, (r) => r.updateRatio));
  charts.dead.update(
    perLayer(
      runs,
      layers,
      (r) => r.deadFraction,
      (r) => r.zeroFraction,
    ),
  );
  charts.saturated.update(perLayer(runs, layers, (r) => r.saturatedFraction));
  // Say why a chart stays empty when no layer of the runs shown can have what it plots.
  const hasOp = (pattern: RegExp): boolean =>
    runs.some((r) => r.nodes.some((n) => pattern.test(n.op)));
  if (runs.length > 0 && !hasOp(/sigmoid|tanh/i)) {
    charts.saturated.setEmptyText(
      'No sigmoid or tanh layers in this run: nothing here can saturate',
    );
  }
  if (runs.length > 0 && !hasOp(/relu|elu/i)) {
    charts.dead.setEmptyText('No ReLU-family layers in this run: no unit can die');
  }
}

function setPaused(value: boolean): void {
  paused = value;
  const button = $<HTMLButtonElement>('pause');
  button.textContent = paused ? 'Resume drawing' : 'Pause drawing';
  button.setAttribute('aria-pressed', String(paused));
  $('paused').hidden = !paused;
  if (!paused) draw(true);
}

$('pause').addEventListener('click', () => setPaused(!paused));
document.addEventListener('keydown', (e) => {
  if (
    e.key === ' ' &&
    !(e.target instanceof HTMLInputElement) &&
    !(e.target instanceof HTMLButtonElement)
  ) {
    e.preventDefault();
    setPaused(!paused);
  }
});

connect({
  onOpen: () => store.reset(),
  onMessages: (messages) => {
    for (const m of messages) store.apply(m);
  },
  onStatus: (status, detail) => {
    const el = $('status');
    el.dataset.status = status;
    el.textContent = status === 'live' ? 'live' : `${status}${detail ? ` — ${detail}` : ''}`;
  },
});

const reportedDrawErrors = new Set<string>();
const loop = (): void => {
  try {
    draw();
  } catch (error) {
    // NOTE: a message the page cannot draw must not stop every later frame; say it once.
    const text = String(error);
    if (!reportedDrawErrors.has(text))
      console.error('[gradstream] dashboard: drawing failed:', error);
    reportedDrawErrors.add(text);
  }
  requestAnimationFrame(loop);
};
requestAnimationFrame(loop);
