import { Subscription } from 'rxjs';
import { batchCount } from '../data/batches.ts';
import { minBatchSizeFor } from '../engine/min-batch-size.ts';
import type { Network } from '../engine/network.ts';
import type { TrainEvent } from '../engine/trainer.ts';
import type { ValidGraph } from '../graph/validate.ts';
import { startDashboardServer, type DashboardServer } from '../server/dashboard-server.ts';
import {
  PROTOCOL_VERSION,
  type ActivationStats,
  type HelloMessage,
  type ParamStats,
} from '../server/protocol.ts';
import type { Alert } from '../monitor/alert.ts';
import type { NonFiniteReport } from '../optim/non-finite.ts';
import type { RunMonitoring } from './monitor-run.ts';
import { activationStatistics$, paramStatistics$ } from './run-statistics.ts';
import type { Output, TrainCommandOptions } from './train.ts';

/** A training run on the dashboard: forwards its events and statistics to the server. */
export interface Publisher {
  event(event: TrainEvent): void;
  alert(alert: Alert): void;
  nonFinite(report: NonFiniteReport): void;
  /** Closes the server, or with `keepOpen` waits for Ctrl-C first. */
  finish(keepOpen: boolean): Promise<void>;
}

/** Starts the dashboard server, announces the run and streams its per-layer statistics. */
export async function publishRun(
  network: Network,
  graph: ValidGraph,
  trainCount: number,
  options: TrainCommandOptions,
  output: Output,
  monitoring: RunMonitoring,
): Promise<Publisher> {
  const server = await startDashboardServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  });
  output.stderr(`dashboard: ${server.url}`);
  const runId = `${graph.name}-${Date.now().toString(36)}`;
  server.publish(hello(network, graph, runId, trainCount));

  // Activation statistics arrive node by node during the forward pass; gradient statistics
  // arrive once the backward pass is done, so they close the step's 'layers' message.
  let activations: ActivationStats[] = [];
  const subscriptions = new Subscription();
  subscriptions.add(
    activationStatistics$(network).subscribe((r) =>
      activations.push({
        nodeId: r.nodeId,
        mean: r.mean,
        std: r.std,
        zeroFraction: r.zeroFraction,
      }),
    ),
  );
  subscriptions.add(
    paramStatistics$(network).subscribe((records) => {
      const params: ParamStats[] = records.map(
        ({ id, nodeId, norm, mean, std, maxAbs, zeroFraction, nonFinite }) => ({
          id,
          nodeId,
          norm,
          mean,
          std,
          maxAbs,
          zeroFraction,
          nonFinite,
        }),
      );
      server.publish({
        v: PROTOCOL_VERSION,
        type: 'layers',
        runId,
        step: records[0]?.step ?? network.stepCount,
        params,
        activations,
      });
      activations = [];
    }),
  );

  subscriptions.add(
    monitoring.health$.subscribe((h) =>
      server.publish({ v: PROTOCOL_VERSION, type: 'health', runId, ...h }),
    ),
  );
  subscriptions.add(
    monitoring.histograms$.subscribe((h) =>
      server.publish({ v: PROTOCOL_VERSION, type: 'histogram', runId, ...h }),
    ),
  );

  return {
    event(event) {
      server.publish({ v: PROTOCOL_VERSION, runId, ...event });
    },
    alert(alert) {
      const severity =
        alert.kind === 'non-finite' || alert.kind === 'exploding-gradients'
          ? 'critical'
          : 'warning';
      server.publish({ v: PROTOCOL_VERSION, type: 'alert', runId, severity, ...alert });
    },
    nonFinite(report) {
      server.publish({
        v: PROTOCOL_VERSION,
        type: 'alert',
        runId,
        step: report.step,
        kind: 'non-finite',
        layer:
          network.params.find((p) => p.id === report.paramIds[0])?.nodeId ?? report.paramIds[0],
        severity: 'critical',
        message: `Gradients of ${report.paramIds.join(', ')} hold NaN or Inf (${report.operator}, policy '${report.policy}').`,
        evidence: { parameters: report.paramIds.length, policy: report.policy },
        mitigation:
          'lower the learning rate, clip gradients, and check the data and loss for log(0) or division by zero',
      });
    },
    async finish(keepOpen) {
      subscriptions.unsubscribe();
      if (keepOpen) {
        output.stderr(`training done; the dashboard stays open at ${server.url} until Ctrl-C`);
        await untilInterrupted();
      }
      await server.close();
    },
  };
}

/** As the trainer counts them: a last batch too small for batch norm joins the one before. */
function stepsPerEpoch(network: Network, batchSize: number, trainCount: number): number {
  return batchCount(trainCount, batchSize, minBatchSizeFor(network, batchSize, trainCount));
}

function hello(
  network: Network,
  graph: ValidGraph,
  runId: string,
  trainCount: number,
): HelloMessage {
  return {
    v: PROTOCOL_VERSION,
    type: 'hello',
    runId,
    name: graph.name,
    epochs: graph.training.epochs,
    stepsPerEpoch: stepsPerEpoch(network, graph.training.batchSize, trainCount),
    graph: {
      nodes: [
        { id: 'input', op: 'input', inputs: [], outputShape: network.inputShape, params: [] },
        ...network.nodes.map((n) => ({
          id: n.id,
          op: n.op,
          inputs: n.inputs,
          outputShape: n.outputShape,
          params: n.params.map((p) => ({ id: p.id, shape: p.value.shape })),
        })),
      ],
    },
  };
}

export type { DashboardServer };

/** Resolves at the first Ctrl-C (SIGINT) or SIGTERM, leaving no listener behind. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.removeListener('SIGINT', done);
      process.removeListener('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
