import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxyOptions {
  readonly targetHost: string;
  readonly targetPort: number;
}

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut, to give a service an
 * outage of its database (or any TCP dependency) while the dependency itself
 * keeps running for the test's own checks.
 */
export interface TcpProxy {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's, e.g. a DATABASE_URL to hand to a service. */
  proxiedUrl(url: string): string;
  /** Resets every open connection and resets each new one at once, until restore(). */
  cut(): void;
  /**
   * Stops forwarding without closing anything: open connections stay open
   * and carry nothing either way, new ones are accepted and never answered —
   * a dependency that hangs rather than refuses. Until close().
   */
  hang(): void;
  /** Forwards new connections again. */
  restore(): void;
  /** Connections currently forwarded. */
  openConnections(): number;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

/** Starts a proxy forwarding to targetHost:targetPort, on a free port. */
export async function startTcpProxy(options: TcpProxyOptions): Promise<TcpProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const held = new Set<Socket>();
  let isCut = false;
  let isHung = false;

  const server = createServer((client) => {
    // Errors are the normal end of a cut connection; they must not crash the test process.
    client.on('error', () => undefined);
    if (isCut) {
      client.resetAndDestroy();
      return;
    }
    if (isHung) {
      client.pause();
      held.add(client);
      return;
    }
    const upstream = connect(options.targetPort, options.targetHost);
    upstream.on('error', () => undefined);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('startTcpProxy: no port assigned');

  const resetAll = () => {
    for (const { client, upstream } of pairs) {
      // RST rather than FIN: the way a crashed server or a broken network looks to the client.
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
  };

  return {
    port: address.port,
    proxiedUrl(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(address.port);
      return proxied.toString();
    },
    cut() {
      isCut = true;
      resetAll();
    },
    hang() {
      isHung = true;
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    restore() {
      isCut = false;
    },
    openConnections: () => pairs.size,
    close() {
      isCut = true;
      resetAll();
      for (const client of held) client.destroy();
      held.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
