import { Event, IngestServiceClient } from '@vigil/contracts/ingest';
import {
  UNTRACKED_STEPS,
  clientCredentialsFromConfig,
  createServiceMetrics,
  internalClientOptions,
  startMetricsServer,
  type Logger,
  type StartedService,
} from '@vigil/runtime';
import type { RelayConfig } from './config.js';
import { handleSentryRequest } from './http/handle-sentry-request.js';
import { startHttpServer } from './http/start-http-server.js';
import { createEventBatcher } from './ingest/event-batcher.js';
import { ingestStoreEvents } from './ingest/ingest-store-events.js';

export interface RunningRelay extends StartedService {
  /** The port of the Sentry-compatible HTTP API. */
  readonly port: number;
  /** The port of /metrics, /healthz and /readyz. */
  readonly metricsPort: number;
}

/**
 * Starts the HTTP API, its batcher in front of ingest's StoreEvents, and the
 * metrics server. `stop()`: not ready, no new connections, requests in flight
 * finish (their batches sent and answered), then the ingest channel closes.
 */
export async function startRelay(config: RelayConfig, logger: Logger): Promise<RunningRelay> {
  const ingest = new IngestServiceClient(
    config.INGEST_GRPC_ADDRESS,
    clientCredentialsFromConfig(config),
    internalClientOptions(),
  );
  const metrics = createServiceMetrics();
  const requests = metrics.counter({
    name: 'vigil_sentry_relay_requests_total',
    help: 'HTTP requests answered, by status code (429: ingest unavailable).',
    labelNames: ['code'],
  });
  const events = metrics.counter({
    name: 'vigil_sentry_relay_events_total',
    help: 'Events sent on to ingest, by what ingest did: STORED, REPLACED, DUPLICATE or REJECTED.',
    labelNames: ['outcome'],
  });
  const batcher = createEventBatcher({
    storeEvents: ingestStoreEvents(ingest, config.INGEST_DEADLINE_MS),
    windowMs: config.BATCH_WINDOW_MS,
    maxEvents: config.BATCH_MAX_EVENTS,
    maxBytes: config.BATCH_MAX_BYTES,
    maxInFlight: config.BATCH_MAX_IN_FLIGHT,
    sizeOf: (event) => Event.encode(event).finish().length,
  });
  const deps = {
    keys: config.SENTRY_PROJECT_KEYS,
    batcher,
    maxBodyBytes: config.MAX_BODY_BYTES,
    maxEventsPerRequest: config.BATCH_MAX_EVENTS,
    retryAfterSeconds: Math.max(1, Math.ceil(config.RETRY_AFTER_MS / 1000)),
    logger,
    countEvents: (outcomes: readonly string[]) => outcomes.forEach((outcome) => events.inc({ outcome })),
  };
  const http = await startHttpServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    handle: async (request) => {
      try {
        const answer = await handleSentryRequest(request, deps);
        requests.inc({ code: String(answer.status) });
        return answer;
      } catch (error) {
        requests.inc({ code: '500' }); // the server answers 500 and logs it
        throw error;
      }
    },
    logger,
  });
  let serving = true;
  const metricsServer = await startMetricsServer({
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
    registry: metrics.registry,
    readiness: () => serving,
    logger,
  });
  return {
    port: http.port,
    metricsPort: metricsServer.port,
    async stop(steps = UNTRACKED_STEPS) {
      serving = false;
      await steps.step('draining HTTP requests', () => http.close(config.SHUTDOWN_GRACE_MS));
      await steps.step('sending the last batches to ingest', () => batcher.drain());
      ingest.close();
      await steps.step('closing the metrics server', () => metricsServer.close());
    },
  };
}
