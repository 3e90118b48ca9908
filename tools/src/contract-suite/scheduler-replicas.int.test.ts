// Several scheduler replicas on one table, with the real incidents and
// ingest services (issue 5): three scheduler processes process the same
// 2,000 due snapshots at once; every snapshot is made exactly once.
import { IncidentStatus } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createIncident, eventually, freshId, HOUR, MINUTE, recentDay, setStatus } from './contract-helpers.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

const INCIDENTS = 2_000;
let system: VigilSystem;

beforeAll(async () => {
  // Small batches spread the 2,000 rows across many claims by every replica.
  system = await startVigilSystem('scheduler-replicas', { BATCH_SIZE: '20', CONCURRENCY: '4' });
}, 300_000);

afterAll(() => system?.close());

/** `work` over `items`, `limit` at a time. */
async function inFlight<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

test('three scheduler processes on 2,000 due snapshots: each made exactly once, by all three together', async () => {
  const organization = freshId();
  const started = recentDay() + 2 * HOUR;
  const ids: string[] = [];
  await inFlight(
    Array.from({ length: INCIDENTS }, (_, i) => i),
    32,
    async () => {
      const id = await createIncident(system.incidents, { organization, project: freshId(), started });
      await setStatus(system.incidents, id, IncidentStatus.CLOSED, started + 10 * MINUTE);
      ids.push(id);
    },
  );
  await eventually(
    async () => {
      const status = await callUnary(system.scheduler, 'getSchedulerStatus', {}, { timeoutMs: 5_000 });
      return status.dueCount === String(INCIDENTS) ? status : undefined;
    },
    `${INCIDENTS} due pending snapshots`,
    60_000,
  );

  const replicas = [system.scheduler, await system.addSchedulerReplica(), await system.addSchedulerReplica()];
  const tallies = await Promise.all(
    replicas.map((scheduler) => callUnary(scheduler, 'processDueSnapshots', {}, { timeoutMs: 120_000 })),
  );

  const sum = (key: 'claimed' | 'created' | 'alreadyExisted' | 'failed') =>
    tallies.reduce((n, t) => n + Number(t[key]), 0);
  // A row handled twice would show as a second claim and an "already existed" answer.
  expect({
    claimed: sum('claimed'),
    created: sum('created'),
    alreadyExisted: sum('alreadyExisted'),
    failed: sum('failed'),
  }).toEqual({
    claimed: INCIDENTS,
    created: INCIDENTS,
    alreadyExisted: 0,
    failed: 0,
  });
  for (const tally of tallies) expect(Number(tally.created)).toBeGreaterThan(0);
  const status = await callUnary(system.scheduler, 'getSchedulerStatus', {}, { timeoutMs: 5_000 });
  expect(status.pendingCount).toBe('0');
  for (const incidentId of ids.filter((_, i) => i % 100 === 0)) {
    const { snapshot } = await callUnary(system.incidents, 'getIncidentSnapshot', { incidentId }, { timeoutMs: 5_000 });
    expect(snapshot?.incidentId).toBe(incidentId);
  }
}, 240_000);
