/** Colours for layers (one per layer, stable by order) on the dark theme; chosen to stay distinct. */
const LAYER_COLORS = [
  '#4cc9f0',
  '#f8961e',
  '#90be6d',
  '#f94144',
  '#c77dff',
  '#f9c74f',
  '#43aa8b',
  '#ff85a1',
  '#8ecae6',
  '#b5838d',
];

/** Colours for runs in the loss and accuracy charts. */
const RUN_COLORS = ['#4cc9f0', '#f8961e', '#90be6d', '#c77dff', '#f94144', '#f9c74f'];

/** Dash patterns telling runs apart in per-layer charts, where colour means the layer. */
const RUN_DASHES: readonly number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

/** The colour of the layer at `index`, cycling through the layer palette. */
export function layerColor(index: number): string {
  return LAYER_COLORS[index % LAYER_COLORS.length];
}

/** The colour of the run at `index` in the loss and accuracy charts, cycling. */
export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/** The dash pattern of the run at `index` in per-layer charts, cycling. */
export function runDash(index: number): number[] {
  return RUN_DASHES[index % RUN_DASHES.length];
}

/** Gradient-health colours shared by the graph, the alerts and the layer list. */
export const HEALTH_COLORS = {
  ok: '#43aa8b',
  warn: '#f9c74f',
  bad: '#f94144',
  none: '#4a5568',
} as const;

/** Heatmap ramp (dark blue → teal → yellow), sampled at t ∈ [0, 1]. */
export function heatColor(t: number): string {
  const stops = [
    [13, 17, 38],
    [38, 70, 140],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
