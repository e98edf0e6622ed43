import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { Broadcaster, DEFAULT_BROADCAST_OPTIONS, type BroadcastOptions } from './broadcaster.ts';
import { buildDashboardBundle, DASHBOARD_DIR } from './dashboard-bundle.ts';
import { parseMessage } from './parse-message.ts';
import { PROTOCOL_VERSION, WS_PATH, type ErrorMessage, type PublishedMessage } from './protocol.ts';
import { DEFAULT_HISTORY_LIMITS, RunHistory, type HistoryLimits } from './run-history.ts';
import { staticFiles } from './static-files.ts';

/** A running dashboard: the page over HTTP and the statistics over WebSocket, on one port. */
export interface DashboardServer {
  readonly url: string;
  readonly port: number;
  /** Records a message for every page; O(1), never touches a socket, never throws for a slow client. */
  publish(message: PublishedMessage): void;
  /** Pages currently connected (publishers excluded). */
  readonly clientCount: number;
  /** Diagnostics: what the server holds and how often it held back from a slow page. */
  stats(): DashboardStats;
  close(): Promise<void>;
}

/** Counters for tests, benchmarks and the curious. */
export interface DashboardStats {
  readonly pages: number;
  readonly publishers: number;
  /** Bytes queued for pages but not yet written to the network, summed. */
  readonly bufferedBytes: number;
  readonly batchesSent: number;
  /** Times a page was skipped because its buffer was over the bound. */
  readonly skipped: number;
}

/** Where and how the dashboard listens. */
export interface DashboardServerOptions {
  /** Interface to bind; 127.0.0.1 unless the user asks for another. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Largest WebSocket message accepted, in bytes (default 1 MiB). */
  readonly maxPayload?: number;
  readonly broadcast?: Partial<BroadcastOptions>;
  readonly history?: Partial<HistoryLimits>;
}

/**
 * Starts the dashboard server: bundles the page, serves `dashboard/` and the bundle, and speaks
 * the protocol of protocol.ts at `/ws` (pages by default, publishers with `?role=publisher`).
 */
export async function startDashboardServer(
  options: DashboardServerOptions = {},
): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const bundle = await buildDashboardBundle();
  const history = new RunHistory({ ...DEFAULT_HISTORY_LIMITS, ...options.history });
  const broadcaster = new Broadcaster(history, {
    ...DEFAULT_BROADCAST_OPTIONS,
    ...options.broadcast,
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? 1 << 20,
    perMessageDeflate: false,
  });
  const http = createServer(staticFiles([DASHBOARD_DIR, bundle.dir]));

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const role = upgradeRole(req, host);
    if (role === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) =>
      role === 'publisher' ? acceptPublisher(ws, history) : acceptPage(ws, broadcaster),
    );
  });
  http.on('clientError', (_error, socket) => socket.destroy());

  try {
    await listen(http, options.port ?? 0, host);
  } catch (error) {
    await bundle.dispose();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    publish: (message) => history.add(message, true),
    get clientCount() {
      return broadcaster.clientCount;
    },
    stats: () => ({
      pages: broadcaster.clientCount,
      publishers: wss.clients.size - broadcaster.clientCount,
      bufferedBytes: broadcaster.bufferedBytes(),
      batchesSent: broadcaster.sentBatches,
      skipped: broadcaster.skipped,
    }),
    async close() {
      // Pages get what was published last (the run's end) before the sockets go.
      broadcaster.flush();
      broadcaster.close();
      await closeGracefully([...wss.clients], 1000);
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await bundle.dispose();
    },
  };
}

/** 'page', 'publisher', or undefined to refuse: wrong path, or a browser on another site. */
function upgradeRole(req: IncomingMessage, host: string): 'page' | 'publisher' | undefined {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== WS_PATH) return undefined;
  // Browsers always send Origin; a page from another site must not read or feed the stats.
  const origin = req.headers.origin;
  if (origin !== undefined && !isLocalOrigin(origin, req.headers.host, host)) return undefined;
  // Bound to loopback, only loopback names are ours: this defeats DNS rebinding.
  if (LOOPBACK.has(host) && !LOOPBACK.has(hostnameOf(req.headers.host))) return undefined;
  return url.searchParams.get('role') === 'publisher' ? 'publisher' : 'page';
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function hostnameOf(hostHeader: string | undefined): string {
  try {
    return new URL(`http://${hostHeader ?? ''}`).hostname;
  } catch {
    return '';
  }
}

function isLocalOrigin(origin: string, hostHeader: string | undefined, host: string): boolean {
  try {
    const o = new URL(origin);
    return o.host === hostHeader || o.hostname === host;
  } catch {
    return false;
  }
}

function acceptPage(ws: WebSocket, broadcaster: Broadcaster): void {
  // NOTE: no terminate() here: after a protocol error (an oversized frame, say) ws itself sends
  // the close frame with the right code (1009), and terminating would cut it off.
  ws.on('error', () => undefined);
  ws.on('close', () => broadcaster.remove(ws));
  // NOTE: pages have nothing to say yet; whatever they send is read and dropped.
  ws.on('message', () => undefined);
  broadcaster.add(ws);
}

function acceptPublisher(ws: WebSocket, history: RunHistory): void {
  ws.on('error', () => undefined);
  const reject = (error: string): void => {
    // A publisher that ignores its errors must not grow the server's memory either.
    if (ws.bufferedAmount >= 1 << 16) return;
    const reply: ErrorMessage = { v: PROTOCOL_VERSION, type: 'error', message: error };
    ws.send(JSON.stringify(reply));
  };
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const result = isBinary
      ? { ok: false as const, error: '[gradstream] expected text frames of JSON, got binary' }
      : parseMessage(rawText(data));
    if (!result.ok) return reject(result.error);
    const problem = runProblem(result.messages, history);
    if (problem !== undefined) return reject(problem);
    for (const m of result.messages) history.add(m);
  });
}

/**
 * Why a frame's messages cannot be kept, judged before any is (a frame is kept or dropped
 * whole): a run exists once it said hello, earlier or in the same frame, so stray runIds cannot
 * crowd the real runs out; and the server's own runs are not an outside publisher's to restart.
 */
function runProblem(
  messages: readonly PublishedMessage[],
  history: RunHistory,
): string | undefined {
  const greeted = new Set<string>();
  for (const m of messages) {
    if (m.type === 'hello') {
      if (history.isPinned(m.runId))
        return `[gradstream] hello of run '${m.runId}': that runId is the server's own run; pick another`;
      greeted.add(m.runId);
    } else if (!greeted.has(m.runId) && !history.hasRun(m.runId)) {
      return `[gradstream] ${m.type} of run '${m.runId}': send the run's hello first`;
    }
  }
  return undefined;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * Sends each socket a close frame after its buffered data, and terminates those that have not
 * closed within `timeoutMs` (a stalled page must not hold the process open).
 */
async function closeGracefully(sockets: readonly WebSocket[], timeoutMs: number): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, timeoutMs);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(1001, 'server closing');
        }),
    ),
  );
}

/** Listens, turning the system's refusals into one sentence that says what to change. */
async function listen(
  http: ReturnType<typeof createServer>,
  port: number,
  host: string,
): Promise<void> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(
      `[gradstream] dashboard: port must be an integer from 0 to 65535, got ${port}; 0 picks a free one`,
    );
  }
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `port ${port} is already in use; pick another --port, or 0 for a free one`
          : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
            ? `'${host}' is not an address of this machine; use 127.0.0.1 (the default) or one of its own`
            : `${error.code ?? error.message}`;
      reject(new Error(`[gradstream] dashboard: cannot listen on ${host}:${port}: ${why}`));
    });
    http.listen(port, host, () => resolve());
  });
}
