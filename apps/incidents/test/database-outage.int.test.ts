import { status } from '@grpc/grpc-js';
import { IncidentStatus } from '@vigil/contracts/incidents';
import { Aggregation } from '@vigil/contracts/ingest';
import {
  deleteTestStream,
  getTestInfrastructure,
  startTcpProxy,
  testNatsNames,
  useTestDatabase,
  type TcpProxy,
} from '@vigil/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, failure, startIncidentsUnderTest, type IncidentsUnderTest } from './support/incidents-under-test.js';

const database = useTestDatabase();
const nats = testNatsNames('incidents-db-outage');
let proxy: TcpProxy;
let incidents: IncidentsUnderTest;

beforeAll(async () => {
  const target = new URL(database().url);
  proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
  incidents = await startIncidentsUnderTest({
    databaseUrl: proxy.proxiedUrl(database().url),
    nats,
    env: { DATABASE_TIMEOUT_MS: '3000', DATABASE_POOL_SIZE: '3' },
  });
});
afterAll(async () => {
  proxy?.restore();
  await incidents?.stop();
  await proxy?.close();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
});

async function createIncident(): Promise<string> {
  const { incident } = await call(incidents.client, 'createIncident', {
    organizationId: '1',
    type: 0,
    title: 't',
    query: '',
    aggregation: Aggregation.TOTAL,
    dateStarted: undefined,
    dateDetected: undefined,
    projectIds: ['1'],
    groupIds: [],
    alertRuleId: undefined,
  });
  return incident?.id ?? '';
}

describe('while the database is unreachable', () => {
  it('calls fail with UNAVAILABLE, and succeed again once it is back', async () => {
    const incidentId = await createIncident();

    proxy.cut();
    expect((await failure(call(incidents.client, 'getIncident', { incidentId }))).code).toBe(status.UNAVAILABLE);
    const closing = failure(
      call(incidents.client, 'updateIncidentStatus', { incidentId, status: IncidentStatus.CLOSED, method: 0 }),
    );
    expect(await closing).toEqual({ code: status.UNAVAILABLE, details: 'the database is unavailable; retry later' });

    proxy.restore();
    const { changed } = await vi.waitFor(
      () => call(incidents.client, 'updateIncidentStatus', { incidentId, status: IncidentStatus.CLOSED, method: 0 }),
      { timeout: 45_000, interval: 200 },
    );
    expect(changed).toBe(true);
  });

  it('does not lose pool connections to transactions cut mid-flight', async () => {
    const incidentId = await createIncident();
    // Hold the incident's row lock from outside, so the service's status changes
    // wait inside their transactions (BEGIN done) when the connection is cut.
    const blocker = new pg.Client({ connectionString: database().url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM incident WHERE id = $1 FOR UPDATE', [incidentId]);
      const changes = Array.from({ length: 6 }, () =>
        call(incidents.client, 'updateIncidentStatus', {
          incidentId,
          status: IncidentStatus.CRITICAL,
          method: 0,
        }).catch(() => undefined),
      );
      await vi.waitFor(
        async () => {
          const { rows } = await blocker.query(
            "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')",
          );
          expect(rows[0]?.n).toBe(3); // every pool connection waits inside a transaction
        },
        { timeout: 45_000, interval: 50 },
      );
      proxy.cut();
      await Promise.all(changes);
      proxy.restore();
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // Had the cut transactions kept their slots, the pool (3 connections) would stay exhausted.
    const { incident } = await vi.waitFor(() => call(incidents.client, 'getIncident', { incidentId }), {
      timeout: 45_000,
      interval: 200,
    });
    expect(incident?.id).toBe(incidentId);
    const closing = await call(incidents.client, 'updateIncidentStatus', {
      incidentId,
      status: IncidentStatus.CLOSED,
      method: 0,
    });
    expect(closing.changed).toBe(true);
  });
});
