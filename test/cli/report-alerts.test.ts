import { EMPTY, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { RunMonitoring } from '../../src/cli/monitor-run.ts';
import { createTerminalDigest, reportAlerts } from '../../src/cli/report-alerts.ts';
import type { Alert } from '../../src/monitor/alert.ts';
import type { NonFiniteReport } from '../../src/optim/non-finite.ts';

const nonFinite = (step: number, operator = 'clipByNorm'): NonFiniteReport => ({
  step,
  operator,
  policy: 'skip',
  paramIds: ['dense-1/weight'],
});

const alert = (step: number, layer = 'dense-1'): Alert => ({
  kind: 'vanishing-gradients',
  layer,
  step,
  evidence: { norm: 1e-8 },
  message: `layer '${layer}': vanishing gradients at step ${step}`,
  mitigation: 'use ReLU',
});

describe('createTerminalDigest', () => {
  it('prints the first non-finite report of an operator and summarizes the rest at the end', () => {
    const digest = createTerminalDigest(500);
    const lines = Array.from({ length: 84 }, (_, i) => digest.nonFinite(nonFinite(i + 1))).flat();
    expect(lines).toEqual([
      "alert: non-finite gradients at step 1 in dense-1/weight (clipByNorm, policy 'skip').",
    ]);
    expect(digest.flush()).toEqual([
      "alert: non-finite gradients on 83 more steps (steps 2–84), clipByNorm policy 'skip'; --stats-out and --json keep every report.",
    ]);
    expect(digest.flush()).toEqual([]);
  });

  it('prints at most one summary line per operator every quietSteps steps', () => {
    const digest = createTerminalDigest(100);
    const lines = Array.from({ length: 1000 }, (_, i) => digest.nonFinite(nonFinite(i + 1))).flat();
    // The first report in full, then one summary at steps 101, 201, ..., 901.
    expect(lines).toHaveLength(10);
    expect(lines[1]).toMatch(/on 100 more steps \(steps 2–101\)/);
    expect(lines[9]).toMatch(/on 100 more steps \(steps 802–901\)/);
    expect(digest.flush()[0]).toMatch(/on 99 more steps \(steps 902–1000\)/);
  });

  it('keeps operators apart, and prints a source in full again after a quiet spell', () => {
    const digest = createTerminalDigest(100);
    expect(digest.nonFinite(nonFinite(1))).toHaveLength(1);
    expect(digest.nonFinite(nonFinite(2, 'clipByValue'))).toHaveLength(1);
    expect(digest.nonFinite(nonFinite(3))).toEqual([]);
    expect(digest.flush()).toHaveLength(1);
    expect(digest.nonFinite(nonFinite(500))).toEqual([
      "alert: non-finite gradients at step 500 in dense-1/weight (clipByNorm, policy 'skip').",
    ]);
  });

  it('summarizes repeated alerts of one kind and layer, and prints other layers in full', () => {
    const digest = createTerminalDigest(500);
    const lines = [
      ...digest.alert(alert(20)),
      ...digest.alert(alert(40)),
      ...digest.alert(alert(60)),
      ...digest.alert(alert(60, 'dense-2')),
    ];
    expect(lines).toEqual([
      "alert: layer 'dense-1': vanishing gradients at step 20. Try: use ReLU.",
      "alert: layer 'dense-2': vanishing gradients at step 60. Try: use ReLU.",
    ]);
    expect(digest.flush()).toEqual([
      "alert: 'vanishing-gradients' in layer 'dense-1' fired 2 more times (steps 40–60); --stats-out and --json keep every alert.",
    ]);
  });

  it('prints an alert that repeats only after its cooldown in full', () => {
    const digest = createTerminalDigest(500);
    expect(digest.alert(alert(100))).toHaveLength(1);
    expect(digest.alert(alert(1100))).toEqual([
      "alert: layer 'dense-1': vanishing gradients at step 1100. Try: use ReLU.",
    ]);
  });
});

describe('reportAlerts', () => {
  /** Sinks that record what each of them received. */
  function sinks(isJson: boolean) {
    const out: string[] = [];
    const written: object[] = [];
    const published: NonFiniteReport[] = [];
    return {
      out,
      written,
      published,
      sinks: {
        output: { stdout: (l: string) => out.push(l), stderr: () => {}, isTTY: false },
        isJson,
        stats: { write: (r: object) => written.push(r), close: () => {} },
        publisher: {
          event: () => {},
          alert: () => {},
          nonFinite: (r: NonFiniteReport) => published.push(r),
          finish: async () => {},
        },
      },
    };
  }

  function run(isJson: boolean) {
    const reports$ = new Subject<NonFiniteReport>();
    const monitoring: RunMonitoring = {
      alerts$: EMPTY,
      nonFinite$: reports$,
      health$: EMPTY,
      histograms$: EMPTY,
    };
    const s = sinks(isJson);
    const reporter = reportAlerts(monitoring, s.sinks);
    for (let step = 1; step <= 84; step++) reports$.next(nonFinite(step));
    reporter.unsubscribe();
    return s;
  }

  it('prints a diverging run in two lines, but records and publishes every report', () => {
    const { out, written, published } = run(false);
    expect(out).toHaveLength(2);
    expect(out[1]).toMatch(/^alert: non-finite gradients on 83 more steps/);
    expect(written).toHaveLength(84);
    expect(written[83]).toMatchObject({ type: 'nonFinite', step: 84 });
    expect(published).toHaveLength(84);
  });

  it('prints every report with --json', () => {
    const { out } = run(true);
    expect(out).toHaveLength(84);
    expect(out.map((l) => JSON.parse(l).step)).toEqual(Array.from({ length: 84 }, (_, i) => i + 1));
  });
});
