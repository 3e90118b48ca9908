import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@vigil/runtime';
import type { HttpAnswer } from './handle-sentry-request.js';

export interface RunningHttpServer {
  readonly port: number;
  /** Stops taking connections, lets requests in flight finish for up to `graceMs`, then cuts the rest. */
  close(graceMs: number): Promise<void>;
}

// Browser SDKs post from any origin; the key in the request is the access
// control, so every origin may send, and may read the rate-limit headers.
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'retry-after, x-sentry-rate-limits',
};
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, content-encoding, x-sentry-auth, authorization, sentry-trace, baggage',
  'access-control-max-age': '3600',
};

/** The relay's HTTP server: every request but a CORS preflight goes to `handle`. */
export async function startHttpServer(options: {
  host: string;
  port: number;
  handle: (request: IncomingMessage) => Promise<HttpAnswer>;
  logger: Logger;
}): Promise<RunningHttpServer> {
  const { handle, logger } = options;
  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, PREFLIGHT_HEADERS).end();
      return;
    }
    handle(request).then(
      (answer) => send(response, answer),
      (error: unknown) => {
        // The path only: a browser SDK's query string carries its sentry_key.
        logger.error({ err: error, path: pathOf(request.url) }, 'sentry-relay: request failed');
        send(response, { status: 500, body: { detail: 'internal error' } });
      },
    );
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`could not listen on ${options.host}:${options.port}: ${error.message}`, { cause: error })),
    );
    server.listen(options.port, options.host, () => resolve((server.address() as AddressInfo).port));
  });
  logger.info({ host: options.host, port }, 'sentry-relay HTTP server listening');
  return {
    port,
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?', 1)[0] ?? '/';
}

function send(response: ServerResponse, { status, body, retryAfterSeconds }: HttpAnswer): void {
  if (response.headersSent) return;
  const headers: Record<string, string> = { ...CORS_HEADERS, 'content-type': 'application/json' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  // An unread body (a 413, a refused key) is not drained: the connection closes instead.
  if (!response.req.complete) headers['connection'] = 'close';
  response.writeHead(status, headers).end(JSON.stringify(body));
}
