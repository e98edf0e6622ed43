import { filter, map, merge, type Observable } from 'rxjs';
import type { Network } from '../engine/network.ts';
import { tensorStatistics } from '../monitor/tensor-statistics.ts';
import type { ActivationStats, ParamStats } from '../server/protocol.ts';

/** One `--stats-out` line for a parameter's gradient. */
export interface ParamStatsRecord extends ParamStats {
  readonly type: 'param';
  readonly step: number;
  readonly node: string;
  readonly param: string;
}

/** One `--stats-out` line for a node's output. */
export interface ActivationStatsRecord extends ActivationStats {
  readonly type: 'activation';
  readonly step: number;
  readonly node: string;
}

/** Statistics of every parameter gradient, one array per step. */
export function paramStatistics$(network: Network): Observable<ParamStatsRecord[]> {
  return network.gradients$.pipe(
    map((bundle) =>
      bundle.params.map((p) => {
        const s = tensorStatistics(p.grad.data);
        return {
          type: 'param' as const,
          step: bundle.step,
          id: p.id,
          nodeId: p.nodeId,
          node: p.nodeId,
          param: p.name,
          norm: s.norm,
          mean: s.mean,
          std: s.std,
          maxAbs: s.maxAbs,
          zeroFraction: s.zeroFraction,
          nonFinite: s.nonFinite,
        };
      }),
    ),
  );
}

/** Statistics of every node's output during training steps, one record per node per step. */
export function activationStatistics$(network: Network): Observable<ActivationStatsRecord> {
  const perNode = network.nodes.map((node) =>
    network.activations$(node.id).pipe(
      filter((frame) => frame.mode === 'train'),
      map((frame) => {
        const s = tensorStatistics(frame.tensor.data);
        return {
          type: 'activation' as const,
          step: frame.step,
          nodeId: node.id,
          node: node.id,
          mean: s.mean,
          std: s.std,
          zeroFraction: s.zeroFraction,
        };
      }),
    ),
  );
  return merge(...perNode);
}
