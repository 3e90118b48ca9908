import { jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsHandle } from '@vigil/runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StatusStreamLimits } from '../domain/applied-version-horizon.js';
import { ensureStatusConsumer, type StatusConsumerNames } from './ensure-status-consumer.js';
import { handleStatusMessage, type StatusMessageDeps } from './handle-status-message.js';

interface StatusEventConsumerDeps extends StatusMessageDeps, StatusConsumerNames {
  readonly nats: NatsHandle;
  /** Events being applied at once; ordering does not matter, versions decide. */
  readonly maxInFlight: number;
  /** Wait before setting the consumer up again after it failed. Default 2 s. */
  readonly retryWaitMs?: number;
  /** Told the stream's limits each time the consumer is set up (they decide how long versions are kept). */
  readonly onStreamLimits?: (limits: StatusStreamLimits) => void;
}

interface StatusEventConsumer {
  /** Stops pulling, lets the events being applied finish (and be acked). */
  stop(): Promise<void>;
}

/**
 * Pulls status events from the durable consumer for as long as the service
 * runs: waits for NATS, ensures the stream and consumer, consumes; if any of
 * that fails (NATS restarted, stream deleted) it starts over.
 */
export function startStatusEventConsumer(deps: StatusEventConsumerDeps): StatusEventConsumer {
  const logger = deps.logger.child({ component: 'status-consumer', stream: deps.stream, durable: deps.durable });
  const messageDeps = { ...deps, logger };
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let messages: ConsumerMessages | undefined;

  const consumeOnce = async (): Promise<void> => {
    const nc = await untilAborted(deps.nats.whenConnected(), stopping.signal);
    deps.onStreamLimits?.(await ensureStatusConsumer(nc, deps));
    const consumer = await jetstream(nc).consumers.get(deps.stream, deps.durable);
    messages = await consumer.consume({ max_messages: deps.maxInFlight * 2 });
    // Stopped while setting up: close without awaiting. close() resolves only
    // once the messages are iterated to their end, which the loop below does
    // at once; awaiting it here hung every such stop until runService's bound.
    if (stopping.signal.aborted) void messages.close();
    logger.info('consuming status events');
    for await (const msg of messages) {
      while (inFlight.size >= deps.maxInFlight) await Promise.race(inFlight);
      const handling = handleStatusMessage(msg, messageDeps)
        .catch((error: unknown) => logger.error({ err: error }, 'status event handler failed'))
        .finally(() => inFlight.delete(handling));
      inFlight.add(handling);
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        await consumeOnce();
        if (!stopping.signal.aborted) logger.warn('status event consumer ended; starting it again');
      } catch (error) {
        if (stopping.signal.aborted) break;
        logger.warn({ err: error }, 'status event consumer failed; starting it again');
      }
      await sleep(deps.retryWaitMs ?? 2000, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  };
  const running = loop();

  return {
    async stop() {
      stopping.abort();
      await messages?.close();
      await running;
      await Promise.all(inFlight);
    },
  };
}

// Waiting for NATS must not hold up a shutdown while NATS is down.
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Error('stopped'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
