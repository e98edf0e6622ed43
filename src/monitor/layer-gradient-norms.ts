import type { FrameStatistics } from './frame-statistics.ts';

/** The gradient norm of one layer: √Σ‖g‖² over its gradient frames (weight and bias together). */
export interface LayerGradientNorm {
  readonly layer: string;
  readonly norm: number;
  /** Non-finite gradient values in the layer. */
  readonly nonFinite: number;
}

/**
 * Per-layer gradient norms from one step's statistics, in the order layers first appear
 * (gradstream's bundles list parameters input to output, so the first layer comes first).
 */
export function layerGradientNorms(stats: readonly FrameStatistics[]): LayerGradientNorm[] {
  const byLayer = new Map<string, { squares: number; nonFinite: number }>();
  for (const s of stats) {
    if (s.kind !== 'gradient') continue;
    const entry = byLayer.get(s.layer) ?? { squares: 0, nonFinite: 0 };
    entry.squares += s.norm * s.norm;
    entry.nonFinite += s.nonFinite;
    byLayer.set(s.layer, entry);
  }
  return [...byLayer].map(([layer, e]) => ({
    layer,
    norm: Math.sqrt(e.squares),
    nonFinite: e.nonFinite,
  }));
}
