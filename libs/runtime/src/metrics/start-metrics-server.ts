import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

interface MetricsServerOptions {
  host: string;
  /** 0 lets the OS choose; the bound port is returned. */
  port: number;
  /** Served at /metrics, e.g. `createServiceMetrics().registry`. */
  registry: Registry;
  /**
   * Whether this instance should get traffic now (its database and NATS
   * reachable, gRPC serving); /readyz answers 200 when true, else 503. A
   * rejection counts as not ready.
   */
  readiness: () => boolean | Promise<boolean>;
  logger: Logger;
}

export interface RunningMetricsServer {
  /** The port actually bound (differs from the requested one when that was 0). */
  port: number;
  /** Stops listening and closes open (keep-alive) connections. */
  close(): Promise<void>;
}

type Reply = { status: number; body: string; contentType?: string };

/**
 * An HTTP server for operators, beside the gRPC one: `GET /metrics`
 * (Prometheus text format), `/healthz` (200 while the process runs: a
 * liveness probe) and `/readyz` (200 only while `readiness()` says so).
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<RunningMetricsServer> {
  const { host, registry, readiness } = options;
  const logger = options.logger.child({ component: 'metrics' });
  const server = createServer((request, response) => {
    answer(request, { registry, readiness, logger }).then(
      (reply) => send(response, reply),
      (error: unknown) => {
        logger.error({ err: error, path: request.url }, 'metrics request failed');
        send(response, { status: 500, body: 'internal error\n' });
      },
    );
  });
  const port = await listen(server, host, options.port);
  logger.info({ host, port }, 'metrics server listening');
  return {
    port,
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A scraper's keep-alive connection would hold close() open until it idles out.
        server.closeAllConnections();
      });
      logger.info('metrics server stopped');
    },
  };
}

async function answer(
  request: IncomingMessage,
  { registry, readiness, logger }: Pick<MetricsServerOptions, 'registry' | 'readiness' | 'logger'>,
): Promise<Reply> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return { status: 405, body: 'method not allowed\n' };
  const path = new URL(request.url ?? '/', 'http://metrics').pathname;
  switch (path) {
    case '/metrics':
      return { status: 200, body: await registry.metrics(), contentType: registry.contentType };
    case '/healthz':
      return { status: 200, body: 'ok\n' };
    case '/readyz': {
      const ready = await Promise.resolve()
        .then(readiness)
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'readiness check failed');
          return false;
        });
      return ready ? { status: 200, body: 'ready\n' } : { status: 503, body: 'not ready\n' };
    }
    default:
      return { status: 404, body: 'not found: try /metrics, /healthz or /readyz\n' };
  }
}

function send(response: ServerResponse, { status, body, contentType = 'text/plain; charset=utf-8' }: Reply): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`metrics server could not listen on ${host}:${port}: ${error.message}`, { cause: error })),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
