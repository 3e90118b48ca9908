import { expect, test } from 'vitest';
import { plannedPorts } from './planned-ports.js';
import { SERVICES } from './services.js';

test("each service's API and metrics port, by the variable that moves it; the relay's API is HTTP", () => {
  const planned = plannedPorts({ RELAY_HTTP_PORT: '9100', INGEST_GRPC_HOST: '0.0.0.0' }, SERVICES);
  expect(planned.map((p) => `${p.service} ${p.kind} ${p.host}:${p.port} ${p.variable}`)).toEqual([
    'ingest gRPC 0.0.0.0:50051 INGEST_GRPC_PORT',
    'ingest metrics 127.0.0.1:9464 INGEST_METRICS_PORT',
    'incidents gRPC 127.0.0.1:50052 INCIDENTS_GRPC_PORT',
    'incidents metrics 127.0.0.1:9465 INCIDENTS_METRICS_PORT',
    'snapshot-scheduler gRPC 127.0.0.1:50053 SCHEDULER_GRPC_PORT',
    'snapshot-scheduler metrics 127.0.0.1:9466 SCHEDULER_METRICS_PORT',
    'sentry-relay HTTP 127.0.0.1:9100 RELAY_HTTP_PORT',
    'sentry-relay metrics 127.0.0.1:9467 RELAY_METRICS_PORT',
  ]);
});
