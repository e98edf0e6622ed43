import { startDashboardServer, type DashboardServer } from '../server/dashboard-server.ts';

/** Options of `gradstream serve`, after parsing. */
export interface ServeCommandOptions {
  readonly host?: string;
  readonly port?: number;
}

/**
 * `gradstream serve`: the dashboard alone, for any trainer that publishes to
 * `ws://HOST:PORT/ws?role=publisher` (see docs/protocol.md). Resolves with the running server;
 * the caller closes it (the CLI on Ctrl-C).
 */
export async function serveCommand(
  options: ServeCommandOptions,
  output: { stderr(line: string): void },
): Promise<DashboardServer> {
  const server = await startDashboardServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  });
  const ws = server.url.replace(/^http/, 'ws');
  output.stderr(`dashboard: ${server.url}`);
  output.stderr(
    `publishers connect to ${ws}/ws?role=publisher (protocol: docs/protocol.md); Ctrl-C stops`,
  );
  return server;
}
