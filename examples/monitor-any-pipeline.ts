// The monitors on gradients that come from anywhere (here, made up in a plain loop): the
// 'hidden' layer's gradients are a billion times smaller than the output's, and the detector
// names the layer and the cure. See test/monitor/external-pipeline.test.ts for a real
// hand-written training loop.
import { Subject } from 'rxjs';
import {
  detectVanishingGradients,
  frameStatistics,
  sampleEvery,
  type MonitorBatch,
} from '../src/index.ts';

const frames$ = new Subject<MonitorBatch>();
frames$
  .pipe(sampleEvery(10), frameStatistics(), detectVanishingGradients())
  .subscribe((alert) => console.warn(alert.message, '→', alert.mitigation));

const gradW = new Float32Array(100);
const gradOut = new Float32Array(10);
for (let step = 1; step <= 100; step++) {
  for (let i = 0; i < gradW.length; i++) gradW[i] = 1e-9 * Math.sin(step + i);
  for (let i = 0; i < gradOut.length; i++) gradOut[i] = 0.1 * Math.cos(step + i);
  frames$.next({
    step,
    frames: [
      { name: 'hidden/weight', layer: 'hidden', step, kind: 'gradient', values: gradW },
      { name: 'output/weight', layer: 'output', step, kind: 'gradient', values: gradOut },
    ],
  });
}
