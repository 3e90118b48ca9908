import type { ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../grpc/domain-errors.js';
import { unaryHandler } from '../grpc/unary-handler.js';
import { standInUnaryCall } from '../../test/stand-in-unary-call.js';
import { createServiceMetrics, type ServiceMetrics } from './create-service-metrics.js';
import { startMetricsServer, type RunningMetricsServer } from './start-metrics-server.js';

const logger = pino({ level: 'silent' });
const SAY_HELLO = '/vigil.runtimetest.v1.GreeterService/SayHello';

let running: RunningMetricsServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(metrics: ServiceMetrics, readiness: () => boolean | Promise<boolean> = () => true) {
  running = await startMetricsServer({ host: '127.0.0.1', port: 0, registry: metrics.registry, readiness, logger });
  const base = `http://127.0.0.1:${running.port}`;
  return async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };
}

/** Calls a unaryHandler the way grpc-js would, with the path grpc-js passes. */
function sayHelloTo(metrics: ServiceMetrics) {
  const handler = unaryHandler<{ name: string }, { greeting: string }>(
    logger,
    async ({ name }) => {
      if (name === '') throw new InvalidArgumentError('name', 'must not be empty');
      return { greeting: `hello, ${name}` };
    },
    { metrics },
  );
  return (name: string) =>
    new Promise<ServiceError | null>((resolve) => {
      handler(standInUnaryCall<{ name: string }, { greeting: string }>({ name }, SAY_HELLO), (error) =>
        resolve(error as ServiceError | null),
      );
    });
}

/** Prometheus text → the value of each sample, keyed by name and its labels in a fixed order. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match?.[1] || !match[3]) continue;
    const labels = [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => `${k}=${v}`).sort();
    values.set(`${match[1]}{${labels.join(',')}}`, Number(match[3]));
  }
  return values;
}
const key = (name: string, labels: Record<string, string>) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',')}}`;

describe('gRPC metrics on /metrics', () => {
  it('counts calls and their durations by method and status code', async () => {
    const metrics = createServiceMetrics();
    const sayHello = sayHelloTo(metrics);
    const get = await start(metrics);
    for (const name of ['Ada', 'Grace', '', 'Linus']) await sayHello(name);

    const scrape = await get('/metrics');
    expect([scrape.status, scrape.type]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    const values = samples(scrape.body);
    const ok = { method: 'SayHello', code: 'OK' };
    const invalid = { method: 'SayHello', code: 'INVALID_ARGUMENT' };
    expect(values.get(key('vigil_grpc_requests_total', ok))).toBe(3);
    expect(values.get(key('vigil_grpc_requests_total', invalid))).toBe(1);
    expect(values.get(key('vigil_grpc_request_duration_seconds_count', ok))).toBe(3);
    expect(values.get(key('vigil_grpc_request_duration_seconds_count', invalid))).toBe(1);
    expect(values.get(key('vigil_grpc_request_duration_seconds_bucket', { ...ok, le: '+Inf' }))).toBe(3);
    expect(values.get(key('vigil_grpc_request_duration_seconds_sum', ok))).toBeGreaterThanOrEqual(0);
    expect([...values.keys()].filter((k) => k.startsWith('vigil_grpc_requests_total'))).toHaveLength(2);
  });

  it("serves the process metrics and the app's own metrics from the same registry", async () => {
    const metrics = createServiceMetrics({ version: '1.2.3', commit: 'abc123' });
    const stored = metrics.counter({ name: 'vigil_test_events_stored_total', help: 'x', labelNames: ['outcome'] });
    let backlog = 7;
    metrics.gauge({
      name: 'vigil_test_outbox_backlog',
      help: 'x',
      collect() {
        this.set(backlog);
      },
    });
    stored.inc({ outcome: 'duplicate' });
    const get = await start(metrics);
    // prom-client counts process CPU from when its collectors were registered:
    // on a quiet machine the first scrape can come before a tick of user time.
    const until = Date.now() + 50;
    while (Date.now() < until);

    let values = samples((await get('/metrics')).body);
    expect(values.get(key('vigil_test_events_stored_total', { outcome: 'duplicate' }))).toBe(1);
    expect(values.get('vigil_test_outbox_backlog{}')).toBe(7);
    expect(values.get(key('vigil_build_info', { version: '1.2.3', commit: 'abc123' }))).toBe(1);
    expect(values.get('process_cpu_user_seconds_total{}')).toBeGreaterThan(0);
    expect(values.has('nodejs_eventloop_lag_seconds{}')).toBe(true);
    backlog = 2;
    values = samples((await get('/metrics')).body);
    expect(values.get('vigil_test_outbox_backlog{}')).toBe(2);
  });
});

describe('/healthz and /readyz', () => {
  it('answers /healthz while running and /readyz as readiness() says', async () => {
    let ready = false;
    const get = await start(createServiceMetrics(), async () => ready);
    expect((await get('/healthz')).status).toBe(200);
    expect(await get('/readyz')).toMatchObject({ status: 503, body: 'not ready\n' });
    ready = true;
    expect(await get('/readyz')).toMatchObject({ status: 200, body: 'ready\n' });
    ready = false;
    expect((await get('/readyz')).status).toBe(503);
  });

  it('is not ready when readiness() throws, and answers 404 elsewhere', async () => {
    const get = await start(createServiceMetrics(), () => {
      throw new Error('database unreachable');
    });
    expect((await get('/readyz')).status).toBe(503);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/nope')).status).toBe(404);
  });

  it('stops answering once closed', async () => {
    const get = await start(createServiceMetrics());
    await running?.close();
    running = undefined;
    await expect(get('/healthz')).rejects.toThrow();
  });
});
