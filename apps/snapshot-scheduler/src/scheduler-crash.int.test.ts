// The scheduler as a real process, killed with SIGKILL in the middle of a
// batch against a slow incidents service, then started again: every due
// snapshot is made, and made once.
import type { MikroORM } from '@mikro-orm/postgresql';
import { deleteTestStream, freePort, getTestInfrastructure, testNatsNames, useTestDatabase } from '@vigil/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeIncidents, type FakeIncidents } from '../test/fake-incidents-server.js';
import { allPendingRows, insertPendingRows, openTestDatabase } from '../test/scheduler-database.js';
import { waitUntil } from '../test/wait-until.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const DUE_ROWS = 60;
const MINUTE = 60_000;

const database = useTestDatabase();
const names = testNatsNames('scheduler-crash');
let natsUrl: string;
let fake: FakeIncidents;
let orm: MikroORM;
const children: ChildProcess[] = [];

beforeAll(async () => {
  natsUrl = (await getTestInfrastructure()).natsUrl;
  fake = await startFakeIncidents({ delayMs: 200 });
  orm = await openTestDatabase(database().url);
});

afterAll(async () => {
  for (const child of children) killProcessGroup(child);
  await orm?.close();
  await fake?.stop();
  await deleteTestStream(natsUrl, names.stream);
});

async function startSchedulerProcess(): Promise<{ child: ChildProcess; output: () => string }> {
  const env = {
    ...process.env,
    LOG_LEVEL: 'warn',
    GRPC_PORT: String(await freePort()),
    METRICS_PORT: '0',
    DATABASE_URL: database().url,
    NATS_URL: natsUrl,
    NATS_STREAM: names.stream,
    NATS_STATUS_SUBJECT_PREFIX: names.subjectPrefix,
    NATS_DURABLE: names.durable,
    INCIDENTS_GRPC_ADDRESS: fake.address,
    INCIDENTS_CALL_DEADLINE_MS: '1s',
    PROCESS_INTERVAL_MS: '300ms',
    BATCH_SIZE: '10',
    CONCURRENCY: '5',
    // Above the 2 × 1 s a batch may take, short enough for the test to wait out.
    LEASE_MS: '3s',
  };
  const child = spawn(resolve(repoRoot, 'node_modules/.bin/tsx'), ['apps/snapshot-scheduler/src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // tsx runs the service in a child node process: a group of its own lets
    // SIGKILL reach that process too, as it would reach a container's.
    detached: true,
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function killProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

it('makes every due snapshot exactly once across a SIGKILL in the middle of a batch and a restart', async () => {
  const now = Date.now();
  await insertPendingRows(
    orm,
    Array.from({ length: DUE_ROWS }, (_, i) => ({
      incidentId: String(i + 1),
      targetRunDate: new Date(now - i * MINUTE),
    })),
  );

  const first = await startSchedulerProcess();
  // The first batch of 10 is done and the second batch's calls are under way.
  await waitUntil('the second batch is being called', () => fake.calls.length > 10, 30_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${first.output()}`);
  });
  const firstExited = once(first.child, 'exit');
  killProcessGroup(first.child);
  await firstExited;

  const leasedByTheDead = (await allPendingRows(orm)).filter((row) => row.claimedBy !== null);
  expect(leasedByTheDead.length).toBeGreaterThan(0);

  const second = await startSchedulerProcess();
  await waitUntil('no pending snapshot is left', async () => (await allPendingRows(orm)).length === 0, 30_000).catch(
    (error: unknown) => {
      throw new Error(`${String(error)}\n${second.output()}`);
    },
  );

  const everyIncident = Array.from({ length: DUE_ROWS }, (_, i) => String(i + 1));
  expect([...fake.snapshotsMade.keys()].sort()).toEqual([...everyIncident].sort());
  expect([...fake.snapshotsMade.values()].every((made) => made === 1)).toBe(true);
  // Calls in flight at the kill were made again after the lease ran out, and answered "already existed".
  expect(fake.calls.length).toBeGreaterThan(DUE_ROWS);

  // SIGTERM to tsx alone: it passes the signal on to the service once.
  second.child.kill('SIGTERM');
  const [exitCode] = (await once(second.child, 'exit')) as [number | null];
  expect(exitCode).toBe(0);
});
