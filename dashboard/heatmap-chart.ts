import uPlot from 'uplot';
import type { HistogramMessage } from '../src/server/protocol.ts';
import { heatColor } from './palette.ts';

const AXIS = {
  stroke: '#9aa5b1',
  grid: { show: false },
  ticks: { stroke: 'rgba(255,255,255,0.1)', width: 1 },
};

/**
 * A histogram over time: x is the step, y the value, each cell's colour the share of values in
 * that bin at that step (normalised per step, square-root scaled so thin tails stay visible).
 * Each column ends at the step its histogram was taken, so the last one lines up with the
 * latest step of the line charts instead of reaching into steps not yet trained.
 * uPlot draws the axes and cursor; the cells are painted in its draw hook.
 */
export class HeatmapChart {
  private readonly plot: uPlot;
  private columns: readonly HistogramMessage[] = [];
  private xRange: [number, number] = [0, 1];
  private yRange: [number, number] = [-1, 1];
  private readonly empty: HTMLElement;

  constructor(host: HTMLElement, emptyText: string, height = 170) {
    this.empty = document.createElement('div');
    this.empty.className = 'chart-empty';
    this.empty.textContent = emptyText;
    host.append(this.empty);
    const width = (): number => Math.max(200, Math.floor(host.getBoundingClientRect().width));
    const opts: uPlot.Options = {
      width: width(),
      height,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: false, range: () => this.xRange }, y: { range: () => this.yRange } },
      axes: [
        { ...AXIS, label: 'step', labelSize: 18, size: 36 },
        {
          ...AXIS,
          size: 62,
          values: (_u, ticks) => ticks.map((t) => (t === null ? '' : formatValue(t))),
        },
      ],
      series: [{}, { stroke: 'transparent', points: { show: false } }],
      hooks: { draw: [(u) => this.paint(u)] },
    };
    this.plot = new uPlot(opts, [[], []], host);
    new ResizeObserver(() => this.plot.setSize({ width: width(), height })).observe(host);
  }

  update(columns: readonly HistogramMessage[]): void {
    this.columns = columns;
    this.empty.hidden = columns.length > 0;
    if (columns.length > 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const c of columns) {
        lo = Math.min(lo, c.min);
        hi = Math.max(hi, c.max);
      }
      if (hi <= lo) hi = lo + 1e-12;
      const first = columns[0].step;
      const last = columns[columns.length - 1].step;
      this.xRange = [first - this.columnWidth(), last];
      this.yRange = [lo, hi];
    }
    const xs = columns.map((c) => c.step);
    this.plot.setData([xs, xs.map(() => null)]);
  }

  private columnWidth(): number {
    const n = this.columns.length;
    return n < 2 ? 1 : (this.columns[n - 1].step - this.columns[0].step) / (n - 1);
  }

  private paint(u: uPlot): void {
    const ctx = u.ctx;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.fillStyle = heatColor(0);
    ctx.fillRect(left, top, width, height);
    const fallback = this.columnWidth();
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i];
      const previous = i > 0 ? this.columns[i - 1].step : c.step - fallback;
      const x0 = u.valToPos(previous, 'x', true);
      const x1 = u.valToPos(c.step, 'x', true);
      this.paintColumn(u, c, x0, Math.max(1, x1 - x0 + 0.5));
    }
    ctx.restore();
  }

  private paintColumn(u: uPlot, c: HistogramMessage, x: number, w: number): void {
    let peak = 0;
    for (const n of c.counts) peak = Math.max(peak, n);
    if (peak === 0) return;
    const binWidth = (c.max - c.min) / c.counts.length;
    for (let j = 0; j < c.counts.length; j++) {
      if (c.counts[j] === 0) continue;
      const y0 = u.valToPos(c.min + j * binWidth, 'y', true);
      const y1 = u.valToPos(c.min + (j + 1) * binWidth, 'y', true);
      u.ctx.fillStyle = heatColor(0.15 + 0.85 * Math.sqrt(c.counts[j] / peak));
      u.ctx.fillRect(x, Math.min(y0, y1), w, Math.max(1, Math.abs(y1 - y0) + 0.5));
    }
  }
}

/** Short numbers for value axes: 0.012, 3.4e-5, 120. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 1e-3 || a >= 1e4) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
