import uPlot from 'uplot';
import type { Points } from './run-store.ts';

/** One line of a chart. */
export interface LineSeries {
  readonly label: string;
  readonly color: string;
  readonly dash?: number[];
  /** Draw a dot at each point, for sparse series such as one test accuracy per epoch. */
  readonly dots?: boolean;
  readonly points: Points;
}

/** How a chart reads its values. */
export interface LineChartOptions {
  /** Log-scale y axis (base 10); values ≤ 0 are left out. */
  readonly log?: boolean;
  /** Fixed y range, e.g. [0, 1] for fractions. */
  readonly range?: [number, number];
  /** Formats a value for the axis and legend. */
  readonly format?: (v: number) => string;
  /** Shown while the chart has no points. */
  readonly emptyText: string;
  /** Plot height in CSS pixels; the legend adds its own below. */
  readonly height?: number;
}

const AXIS = {
  stroke: '#9aa5b1',
  grid: { stroke: 'rgba(255,255,255,0.06)', width: 1 },
  ticks: { stroke: 'rgba(255,255,255,0.1)', width: 1 },
};

/**
 * A uPlot line chart over training steps that follows its container's size and rebuilds itself
 * when its set of lines changes (a new layer or run appears).
 */
export class LineChart {
  private plot: uPlot | undefined;
  private signature = '';
  private readonly empty: HTMLElement;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: LineChartOptions,
  ) {
    this.empty = document.createElement('div');
    this.empty.className = 'chart-empty';
    this.empty.textContent = options.emptyText;
    host.append(this.empty);
    new ResizeObserver(() => this.plot?.setSize(this.size())).observe(host);
  }

  /** Replaces the note shown while the chart has no data (it can depend on the runs shown). */
  setEmptyText(text: string): void {
    if (this.empty.textContent !== text) this.empty.textContent = text;
  }

  /** Number of points currently drawn, summed over lines (tests read it from the DOM). */
  pointCount = 0;

  update(series: readonly LineSeries[]): void {
    const visible = series.filter((s) => s.points.x.length > 0);
    this.pointCount = visible.reduce((n, s) => n + s.points.x.length, 0);
    this.host.dataset.points = String(this.pointCount);
    this.empty.hidden = visible.length > 0;
    const signature = visible
      .map((s) => `${s.label}|${s.color}|${s.dash?.join(',')}|${s.dots}`)
      .join(';');
    if (signature !== this.signature) {
      this.plot?.destroy();
      this.plot = visible.length > 0 ? this.create(visible) : undefined;
      this.signature = signature;
    }
    this.plot?.setData(this.align(visible));
  }

  private align(series: readonly LineSeries[]): uPlot.AlignedData {
    const log = this.options.log === true;
    const tables = series.map(
      (s) => [s.points.x, log ? s.points.y.map(toLogScale) : s.points.y] as uPlot.AlignedData,
    );
    return tables.length === 1 ? tables[0] : uPlot.join(tables);
  }

  private create(series: readonly LineSeries[]): uPlot {
    const format = this.options.format ?? ((v: number) => uPlot.fmtNum(v));
    // On a log chart a value drawn on the floor may be smaller still: the legend says so.
    const legendFormat = this.options.log
      ? (v: number) =>
          v <= LOG_FLOOR
            ? `≤${format(LOG_FLOOR)}`
            : v >= LOG_CEILING
              ? `≥${format(LOG_CEILING)}`
              : format(v)
      : format;
    const range = this.options.range;
    const opts: uPlot.Options = {
      ...this.size(),
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      // The legend's swatch carries the line's dash too: in per-layer charts it tells runs apart.
      legend: { live: true, markers: { dash: (_u, i) => legendDash(series[i - 1]?.dash) } },
      scales: {
        // A lone point ends the axis, as the other charts' latest step does: uPlot would
        // stretch it to twice that step otherwise.
        x: {
          time: false,
          range: (u, min, max) => {
            const steps = u.data[0];
            return steps.length === 1 ? [0, Math.max(1, steps[0])] : [min, max];
          },
        },
        y: this.options.log ? { distr: 3, log: 10 } : range ? { range: () => range } : {},
      },
      axes: [
        { ...AXIS, label: 'step', labelSize: 18, size: 36 },
        {
          ...AXIS,
          size: 62,
          values: (_u, ticks) => ticks.map((t) => (t === null ? '' : format(t))),
        },
      ],
      series: [
        { label: 'step', value: (u, v, i, idx) => shown(u, v, i, idx, String) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          dash: s.dash,
          spanGaps: true,
          points: s.dots ? { show: true, size: 5, fill: s.color } : { show: false },
          value: (u: uPlot, v: number | null, i: number, idx: number | null) =>
            shown(u, v, i, idx, legendFormat),
        })),
      ],
    };
    return new uPlot(opts, this.align(series), this.host);
  }

  private size(): { width: number; height: number } {
    const rect = this.host.getBoundingClientRect();
    return { width: Math.max(200, Math.floor(rect.width)), height: this.options.height ?? 200 };
  }
}

/** The legend's value: under the cursor when hovering, otherwise the newest one. */
function shown(
  u: uPlot,
  v: number | null,
  seriesIdx: number,
  idx: number | null | undefined,
  format: (v: number) => string,
): string {
  if (idx === null || idx === undefined) {
    const values = u.data[seriesIdx] as (number | null | undefined)[];
    for (let i = values.length - 1; i >= 0; i--) {
      const last = values[i];
      if (last !== null && last !== undefined) return format(last);
    }
    return '–';
  }
  return v === null ? '–' : format(v);
}

/**
 * The range a log chart draws; values beyond it are drawn on its edge, and the legend says so.
 * NOTE: uPlot's log axis builds its ticks by repeated addition, which at some magnitudes below
 * about 1e-22 never reaches the next decade (Adam's updates to a dead layer reach 4.5e-39): it
 * froze the page and overflowed an array. 1e-15 is far below anything float32 training can tell
 * from zero.
 */
const LOG_FLOOR = 1e-15;
const LOG_CEILING = 1e15;

/** A value as a log chart draws it: null for zero, negatives and gaps; else within the range. */
function toLogScale(v: number | null): number | null {
  if (v === null || !(v > 0)) return null;
  return Math.min(Math.max(v, LOG_FLOOR), LOG_CEILING);
}

/** The CSS border style closest to a uPlot dash pattern, for legend swatches. */
function legendDash(dash: readonly number[] | undefined): string {
  if (dash === undefined || dash.length === 0) return 'solid';
  return dash[0] <= 3 ? 'dotted' : 'dashed';
}
