// @vigil/testkit from source, on the bundles the build makes: what a
// caller's suite does through the packed testkit (examples/ runs that one).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isVigilCallError } from '@vigil/contracts/client';
import { IncidentStatus, StatusMethod } from '@vigil/contracts/incidents';
import { StoreOutcome } from '@vigil/contracts/ingest';
import { getTestInfrastructure } from '@vigil/testing';
import { startVigil, type RunningVigil } from '@vigil/testkit';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServiceOutput } from '../build/build-service-output.js';
import { linkDependencies } from '../build/run-built-service.js';

const MINUTE = 60_000;
let servicesDir: string;
let vigil: RunningVigil;

beforeAll(async () => {
  servicesDir = await mkdtemp(join(tmpdir(), 'vigil-testkit-'));
  for (const app of ['ingest', 'incidents', 'snapshot-scheduler']) {
    const { outDir, dependencies } = await buildServiceOutput({ app, outDir: join(servicesDir, app) });
    await linkDependencies(outDir, Object.keys(dependencies));
  }
  const { postgresAdminUrl, natsUrl } = await getTestInfrastructure();
  vigil = await startVigil({ servicesDir, postgresUrl: postgresAdminUrl, natsUrl });
});

afterAll(async () => {
  await vigil.stop();
  await rm(servicesDir, { recursive: true, force: true });
});

it('starts the three services on their own ports and answers through typed clients', async () => {
  expect(new Set(Object.values(vigil.addresses)).size).toBe(3);
  const event = { eventId: 'ab'.repeat(16), projectId: '7', message: 'boom', timestamp: new Date() };
  expect((await vigil.ingest.storeEvent({ event })).outcome).toBe(StoreOutcome.STORED);
  expect((await vigil.ingest.storeEvent({ event })).outcome).toBe(StoreOutcome.REPLACED);
  const missing = await vigil.incidents.getIncident({ incidentId: '999' }).catch((error: unknown) => error);
  expect(isVigilCallError(missing) && missing.codeName).toBe('NOT_FOUND');
});

it('settles a snapshot: close in the past, the pending snapshot arrives over NATS, processing makes it', async () => {
  const started = Date.now() - 60 * MINUTE;
  const { incident } = await vigil.incidents.createIncident({
    organizationId: '1',
    title: 'testkit',
    projectIds: ['7'],
    dateStarted: new Date(started),
  });
  const incidentId = incident?.id ?? '';
  await vigil.incidents.updateIncidentStatus({
    incidentId,
    status: IncidentStatus.CLOSED,
    method: StatusMethod.MANUAL,
    dateClosed: new Date(started + 30 * MINUTE),
  });
  const snapshot = await vigil.settleSnapshot(incidentId);
  expect(snapshot.incidentId).toBe(incidentId);
});

it('leaves nothing behind: stop() ends the services and drops their databases', async () => {
  const other = await startVigil({ servicesDir, ...(await infrastructureUrls()) });
  const { postgresAdminUrl } = await getTestInfrastructure();
  const before = await testkitDatabases(postgresAdminUrl);
  await other.stop();
  const after = await testkitDatabases(postgresAdminUrl);
  expect(before.length - after.length).toBe(3);
  await expect(other.ingest.getGroup({ projectId: '1', groupId: 'x' }, { deadlineMs: 2000 })).rejects.toThrow();
});

async function infrastructureUrls() {
  const { postgresAdminUrl, natsUrl } = await getTestInfrastructure();
  return { postgresUrl: postgresAdminUrl, natsUrl };
}

async function testkitDatabases(adminUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'vigil\\_tk\\_%'",
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}
