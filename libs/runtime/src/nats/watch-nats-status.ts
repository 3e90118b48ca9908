import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

type LiveState = 'connected' | 'reconnecting';

/** Follows the client's status events, turning them into our states and log lines. */
export function watchNatsStatus(nc: NatsConnection, log: Logger, setState: (state: LiveState) => void): void {
  void (async () => {
    for await (const status of nc.status()) {
      switch (status.type) {
        case 'disconnect':
          log.warn({ server: status.server }, 'NATS disconnected');
          setState('reconnecting');
          break;
        case 'reconnecting':
          setState('reconnecting');
          break;
        case 'reconnect':
          setState('connected');
          break;
        case 'error':
          log.warn({ err: status.error }, 'NATS error');
          break;
        case 'staleConnection':
        case 'slowConsumer':
          log.warn({ status: status.type }, 'NATS connection trouble');
          break;
        default:
          break;
      }
    }
  })();
}
