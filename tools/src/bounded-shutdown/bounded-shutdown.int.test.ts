// Issue 10's bounded shutdown: SIGTERM ends each service within
// SHUTDOWN_GRACE_MS + 2 s even when its database or NATS hangs — a TCP proxy
// in between stops forwarding without closing anything, as a frozen server
// or a black-holed network would — and the service's last log line names
// what it abandoned. The shared PostgreSQL and NATS are never touched.
import {
  createTestDatabase,
  deleteTestStream,
  getTestInfrastructure,
  startTcpProxy,
  testNatsNames,
  type TcpProxy,
  type TestDatabase,
} from '@vigil/testing';
import { credentials } from '@grpc/grpc-js';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import { startSignalledService, type SignalledService } from './signalled-service.js';

const GRACE_MS = 1_000;
// What the issue promises an orchestrator: out within the grace period plus 2 s.
const EXIT_BOUND_MS = GRACE_MS + 2_000;

type App = 'ingest' | 'incidents' | 'snapshot-scheduler';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Started {
  readonly service: SignalledService;
  /** The gRPC port the service announced. */
  readonly port: number;
  readonly database: TcpProxy;
  readonly nats: TcpProxy;
}

/** The service with its database and NATS behind proxies, once it is serving (and, with NATS, connected). */
async function startBehindProxies(app: App): Promise<Started> {
  const { postgresAdminUrl, natsUrl } = await getTestInfrastructure();
  const database: TestDatabase = await createTestDatabase();
  const names = testNatsNames(`shutdown-${app}`);
  cleanup.push(
    () => database.drop(),
    () => deleteTestStream(natsUrl, names.stream),
  );
  const postgres = new URL(postgresAdminUrl);
  const natsTarget = new URL(natsUrl);
  const dbProxy = await startTcpProxy({ targetHost: postgres.hostname, targetPort: Number(postgres.port || 5432) });
  const natsProxy = await startTcpProxy({
    targetHost: natsTarget.hostname,
    targetPort: Number(natsTarget.port || 4222),
  });
  cleanup.push(
    () => dbProxy.close(),
    () => natsProxy.close(),
  );
  const natsEnv = {
    NATS_URL: natsProxy.proxiedUrl(natsUrl),
    NATS_STREAM: names.stream,
    NATS_STATUS_SUBJECT_PREFIX: names.subjectPrefix,
  };
  const env: Record<string, string> = {
    DATABASE_URL: dbProxy.proxiedUrl(database.url),
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    ...(app === 'incidents' && { ...natsEnv, INGEST_GRPC_ADDRESS: '127.0.0.1:1' }),
    ...(app === 'snapshot-scheduler' && {
      ...natsEnv,
      NATS_DURABLE: names.durable,
      INCIDENTS_GRPC_ADDRESS: '127.0.0.1:1',
      PROCESS_INTERVAL_MS: '0',
    }),
  };
  const service = startSignalledService(`apps/${app}`, env);
  cleanup.push(() => service.kill());
  const { port } = (await service.logged((msg) => msg === 'gRPC server listening')) as { port: number };
  await service.logged((msg) => msg === `${app} started`);
  if (app === 'incidents') await service.logged((msg) => msg === 'NATS connected');
  if (app === 'snapshot-scheduler') await service.logged((msg) => msg === 'consuming status events');
  return { service, port, database: dbProxy, nats: natsProxy };
}

/**
 * Starts a read that needs the database and leaves it in flight (it holds a
 * pooled connection on the hung proxy); its answer, whenever it comes, is
 * not what the test is about.
 */
function readInFlight(app: App, port: number): void {
  const address = `127.0.0.1:${port}`;
  const options = { timeoutMs: 60_000 };
  const call =
    app === 'ingest'
      ? callUnary(
          new IngestServiceClient(address, credentials.createInsecure()),
          'listGroups',
          { projectId: '1', pageSize: 10, pageToken: '' },
          options,
        )
      : app === 'incidents'
        ? callUnary(
            new IncidentsServiceClient(address, credentials.createInsecure()),
            'getIncident',
            { incidentId: '1' },
            options,
          )
        : callUnary(
            new SnapshotSchedulerServiceClient(address, credentials.createInsecure()),
            'getPendingSnapshot',
            { incidentId: '1' },
            options,
          );
  call.catch(() => undefined);
}

async function terminateWithin(app: App, service: SignalledService) {
  const { code, afterMs } = await service.terminate();
  const last = service.lines.at(-1) ?? {};
  const log = service.lines.map((line) => JSON.stringify(line)).join('\n');
  expect(afterMs, log).toBeLessThanOrEqual(EXIT_BOUND_MS);
  expect(code, log).toBe(1);
  expect(last, log).toMatchObject({
    level: 'error',
    msg: expect.stringMatching(new RegExp(`^${app} did not stop within 2500 ms; abandoned: .+`)),
  });
  return last['abandoned'] as string[];
}

describe.each<App>(['ingest', 'incidents', 'snapshot-scheduler'])('%s, SIGTERM', (app) => {
  test('while its database hangs: out within the grace + 2 s, naming what it abandoned', async () => {
    const { service, port, database } = await startBehindProxies(app);
    database.hang();
    readInFlight(app, port);
    // Time for the read to reach the database (were it slower, the drain would wait for it all the same).
    await sleep(500);
    const abandoned = await terminateWithin(app, service);
    expect(abandoned.length).toBeGreaterThan(0);
    // Only work that needs the database is left behind (closing the pool, the relay's, retention's, the rule evaluator's or the pruning's pass).
    const databaseWork = [
      'closing the database pool',
      'stopping the outbox relay',
      'stopping retention',
      'finishing group commits',
      'stopping the rule evaluator',
      'stopping the applied-version pruning',
    ];
    for (const step of abandoned) expect(databaseWork).toContain(step);
  }, 120_000);

  test.skipIf(app === 'ingest')(
    'while NATS hangs: out within the grace + 2 s, naming what it abandoned',
    async () => {
      const { service, nats } = await startBehindProxies(app);
      nats.hang();
      const abandoned = await terminateWithin(app, service);
      expect(abandoned.length).toBeGreaterThan(0);
      const natsWork = ['closing NATS', 'stopping the status-event consumer', 'stopping the outbox relay'];
      for (const step of abandoned) expect(natsWork).toContain(step);
    },
    120_000,
  );
});
