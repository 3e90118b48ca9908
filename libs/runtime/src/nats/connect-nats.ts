import type { NatsConnection } from '@nats-io/transport-node';
import { AuthorizationError, connect } from '@nats-io/transport-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { UnavailableError } from '../grpc/domain-errors.js';
import type { NatsAuth } from './nats-auth-from-config.js';
import { watchNatsStatus } from './watch-nats-status.js';

export type NatsState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface NatsHandle {
  state(): NatsState;
  /** The live connection; throws UnavailableError unless state() is 'connected' or 'reconnecting'. */
  connection(): NatsConnection;
  /** Resolves with the connection once connected (at once if it is); rejects once closed. */
  whenConnected(): Promise<NatsConnection>;
  /** Stops retrying, drains a live connection and closes it. */
  close(): Promise<void>;
}

interface NatsOptions {
  /** One server, several, or several in one string separated by commas (NATS_URL). */
  servers: string | string[];
  /** Shown by the server's monitoring as the client name. */
  name: string;
  logger: Logger;
  /** Wait between attempts, for the first connection and for reconnects. Default 2 s. */
  retryWaitMs?: number;
  /** Credentials and TLS, e.g. `natsAuthFromConfig(config)`. Default: none. */
  auth?: NatsAuth;
}

/**
 * Connects to NATS in the background and never gives up: the first
 * connection is retried until it succeeds (a service starts with NATS down),
 * and a lost one reconnects forever. The client's `waitOnFirstConnect`
 * would retry too, but its loop cannot be stopped, so a service shutting
 * down while NATS is down would hang; this loop stops on `close()`.
 */
export function connectNats({ servers: given, name, logger, retryWaitMs = 2000, auth = {} }: NatsOptions): NatsHandle {
  const servers = typeof given === 'string' ? given.split(',').map((server) => server.trim()) : given;
  const log = logger.child({ component: 'nats' });
  const stopRetrying = new AbortController();
  let state: NatsState = 'connecting';
  let current: NatsConnection | undefined;
  let waiters: { resolve(nc: NatsConnection): void; reject(error: Error): void }[] = [];

  const setState = (next: NatsState): void => {
    if (next === state || state === 'closed') return;
    log.info({ from: state, to: next }, `NATS ${next}`);
    state = next;
    if (next === 'connected' && current) {
      for (const waiter of waiters) waiter.resolve(current);
      waiters = [];
    }
  };

  const connectLoop = async (): Promise<void> => {
    for (let attempt = 1; !stopRetrying.signal.aborted; attempt++) {
      try {
        const nc = await connect({ ...auth, servers, name, maxReconnectAttempts: -1, reconnectTimeWait: retryWaitMs });
        if (stopRetrying.signal.aborted) return void (await nc.close());
        current = nc;
        setState('connected');
        watchNatsStatus(nc, log, setState);
        void nc.closed().then((error) => onClosed(nc, error));
        return;
      } catch (error) {
        // Rejected credentials are a misconfiguration rather than an outage:
        // say so, louder, since retrying will not fix them.
        const rejected = error instanceof AuthorizationError;
        const level = attempt > 1 ? 'debug' : rejected ? 'error' : 'warn';
        log[level](
          { err: error, attempt, retryWaitMs },
          rejected ? 'NATS rejected the credentials, retrying' : 'NATS unreachable, retrying',
        );
        await sleep(retryWaitMs, undefined, { signal: stopRetrying.signal }).catch(() => undefined);
      }
    }
  };

  // With unlimited reconnects the client closes only when told to, or on a
  // fatal error (e.g. rejected credentials); then we start over.
  const onClosed = (nc: NatsConnection, error: void | Error): void => {
    if (current !== nc || stopRetrying.signal.aborted) return;
    log.error({ err: error }, 'NATS connection closed unexpectedly; connecting again');
    current = undefined;
    setState('connecting');
    void connectLoop();
  };

  void connectLoop();

  return {
    state: () => state,
    connection() {
      if (!current || state === 'closed') throw new UnavailableError(`NATS is ${state}`);
      return current;
    },
    whenConnected() {
      if (state === 'connected' && current) return Promise.resolve(current);
      if (state === 'closed') return Promise.reject(new Error('NATS connection is closed'));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    async close() {
      stopRetrying.abort();
      const nc = current;
      current = undefined;
      if (nc && state === 'connected') await nc.drain().catch(() => nc.close());
      else if (nc) await nc.close();
      setState('closed');
      for (const waiter of waiters) waiter.reject(new Error('NATS connection is closed'));
      waiters = [];
    },
  };
}
