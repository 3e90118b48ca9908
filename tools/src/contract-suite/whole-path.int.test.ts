// The whole path through the three services, with the incident of
// behaviour.md §4 worked example 1 on a recent day: no rule (1-minute
// window), started 10:00, closed 10:05 → pending at 10:15, totals over
// [09:59, 10:06). The example runs at 11:00 the same day, where the cap
// applies; here the snapshot is made days later, so the windowed end
// s + 100·tw = 11:39 is not after now and the graph is [08:19, 11:39]
// (s = 09:59), still 200 one-minute buckets.
import { status } from '@grpc/grpc-js';
import { IncidentStatus } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createIncident,
  eventually,
  freshId,
  HOUR,
  MINUTE,
  recentDay,
  SECOND,
  setStatus,
  statusOf,
  storeEvents,
} from './contract-helpers.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

let system: VigilSystem;

beforeAll(async () => {
  system = await startVigilSystem('whole-path');
}, 300_000);

afterAll(() => system?.close());

test('events → incident closed in the past → pending row → processed → snapshot, and a reopen removes it', async () => {
  const project = freshId();
  const day = recentDay();
  const at = (h: number, m: number, s = 0) => day + h * HOUR + m * MINUTE + s * SECOND;
  await storeEvents(system.ingest, [
    { at: at(8, 18, 59), project }, // before the graph
    { at: at(8, 19), project }, // first graph bucket
    { at: at(9, 58, 59), project }, // graph only: before the totals
    { at: at(9, 59), project, user: 'ann' }, // totals start
    { at: at(10, 2, 30), project, user: 'ann' },
    { at: at(10, 2, 45), project, user: 'bob' },
    { at: at(10, 5, 59), project }, // last of the totals
    { at: at(10, 6), project }, // totals end: not counted there; graph yes
    { at: at(11, 38, 59), project }, // last graph bucket
    { at: at(11, 39), project }, // graph end: not counted
  ]);
  const id = await createIncident(system.incidents, { organization: freshId(), project, started: at(10, 0) });
  await setStatus(system.incidents, id, IncidentStatus.CLOSED, at(10, 5));

  const pending = await eventually(async () => {
    const { pendingSnapshot } = await callUnary(
      system.scheduler,
      'getPendingSnapshot',
      { incidentId: id },
      { timeoutMs: 5_000 },
    );
    return pendingSnapshot;
  }, 'the pending snapshot to arrive over NATS');
  expect(pending.targetRunDate).toEqual(new Date(at(10, 15)));

  const processed = await callUnary(system.scheduler, 'processDueSnapshots', {}, { timeoutMs: 30_000 });
  expect(processed).toMatchObject({ claimed: '1', created: '1', failed: '0' });
  expect(
    (await statusOf(callUnary(system.scheduler, 'getPendingSnapshot', { incidentId: id }, { timeoutMs: 5_000 }))).code,
  ).toBe(status.NOT_FOUND);

  const { snapshot } = await callUnary(
    system.incidents,
    'getIncidentSnapshot',
    { incidentId: id },
    { timeoutMs: 5_000 },
  );
  expect(snapshot).toMatchObject({
    eventCount: '4',
    uniqueUsers: '2',
    rollupSeconds: 60,
    graphStart: new Date(at(8, 19)),
    graphEnd: new Date(at(11, 39)),
    totalsStart: new Date(at(9, 59)),
    totalsEnd: new Date(at(10, 6)),
  });
  const buckets = snapshot?.buckets ?? [];
  expect(buckets).toHaveLength(200);
  expect(buckets[0]?.start).toEqual(new Date(at(8, 19)));
  expect(buckets.at(-1)?.start).toEqual(new Date(at(11, 38)));
  const value = (h: number, m: number) => buckets.find((b) => b.start?.getTime() === at(h, m))?.value;
  expect([
    value(8, 18),
    value(8, 19),
    value(9, 58),
    value(9, 59),
    value(10, 2),
    value(10, 5),
    value(10, 6),
    value(11, 38),
  ]).toEqual([undefined, '1', '1', '1', '2', '1', '1', '1']);
  expect(buckets.reduce((sum, b) => sum + Number(b.value), 0)).toBe(8);

  // A reopen discards the snapshot.
  await setStatus(system.incidents, id, IncidentStatus.OPEN);
  expect(
    (await statusOf(callUnary(system.incidents, 'getIncidentSnapshot', { incidentId: id }, { timeoutMs: 5_000 }))).code,
  ).toBe(status.NOT_FOUND);
});

test('a reopen before the snapshot is due removes the pending row', async () => {
  const day = recentDay();
  const id = await createIncident(system.incidents, {
    organization: freshId(),
    project: freshId(),
    started: day + 3 * HOUR,
  });
  await setStatus(system.incidents, id, IncidentStatus.CLOSED, day + 4 * HOUR);
  await eventually(async () => {
    const { pendingSnapshot } = await callUnary(
      system.scheduler,
      'getPendingSnapshot',
      { incidentId: id },
      { timeoutMs: 5_000 },
    );
    return pendingSnapshot;
  }, 'the pending snapshot after the close');
  await setStatus(system.incidents, id, IncidentStatus.CRITICAL);
  await eventually(async () => {
    const failure = await statusOf(
      callUnary(system.scheduler, 'getPendingSnapshot', { incidentId: id }, { timeoutMs: 5_000 }),
    );
    return failure.code === status.NOT_FOUND ? true : undefined;
  }, 'the pending row to go after the reopen');
  const processed = await callUnary(system.scheduler, 'processDueSnapshots', {}, { timeoutMs: 30_000 });
  expect(processed.claimed).toBe('0');
});
