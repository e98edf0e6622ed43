import { Subscription } from 'rxjs';
import type { Network } from '../engine/network.ts';
import type { TrainEvent } from '../engine/trainer.ts';
import type { ValidGraph } from '../graph/validate.ts';
import { startDashboardServer, type DashboardServer } from '../server/dashboard-server.ts';
import { PROTOCOL_VERSION, type ActivationStats, type HelloMessage, type ParamStats } from '../server/protocol.ts';
import { activationStatistics$, paramStatistics$ } from './run-statistics.ts';
import type { Output, TrainCommandOptions } from './train.ts';

/** A training run on the dashboard: forwards its events and statistics to the server. */
export interface Publisher {
  event(event: TrainEvent): void;
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
): Promise<Publisher> {
  const server = await startDashboardServer({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  output.stderr(`dashboard: ${server.url}`);
  const runId = `${graph.name}-${Date.now().toString(36)}`;
  server.publish(hello(network, graph, runId, trainCount));

  // Activation statistics arrive node by node during the forward pass; gradient statistics
  // arrive once the backward pass is done, so they close the step's 'layers' message.
  let activations: ActivationStats[] = [];
  const subscriptions = new Subscription();
  subscriptions.add(
    activationStatistics$(network).subscribe((r) => activations.push({ nodeId: r.nodeId, mean: r.mean, std: r.std, zeroFraction: r.zeroFraction })),
  );
  subscriptions.add(
    paramStatistics$(network).subscribe((records) => {
      const params: ParamStats[] = records.map(({ id, nodeId, norm, mean, std, maxAbs, zeroFraction, nonFinite }) => ({ id, nodeId, norm, mean, std, maxAbs, zeroFraction, nonFinite }));
      server.publish({ v: PROTOCOL_VERSION, type: 'layers', runId, step: records[0]?.step ?? network.stepCount, params, activations });
      activations = [];
    }),
  );

  return {
    event(event) {
      server.publish({ v: PROTOCOL_VERSION, runId, ...event });
    },
    async finish(keepOpen) {
      subscriptions.unsubscribe();
      if (keepOpen) {
        output.stderr(`training done; the dashboard stays open at ${server.url} until Ctrl-C`);
        await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      }
      await server.close();
    },
  };
}

function hello(network: Network, graph: ValidGraph, runId: string, trainCount: number): HelloMessage {
  return {
    v: PROTOCOL_VERSION,
    type: 'hello',
    runId,
    name: graph.name,
    epochs: graph.training.epochs,
    stepsPerEpoch: Math.ceil(trainCount / graph.training.batchSize),
    graph: {
      nodes: [
        { id: 'input', op: 'input', inputs: [], outputShape: network.inputShape, params: [] },
        ...network.nodes.map((n) => ({ id: n.id, op: n.op, inputs: n.inputs, outputShape: n.outputShape, params: n.params.map((p) => ({ id: p.id, shape: p.value.shape })) })),
      ],
    },
  };
}

export type { DashboardServer };
