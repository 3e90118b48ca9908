// What the scheduler expects of incidents' CreateIncidentSnapshot: it
// deletes a pending row on OK (created or not), FAILED_PRECONDITION and
// NOT_FOUND, and keeps it for a retry on UNAVAILABLE. If incidents answered
// differently, snapshots would be lost or retried forever.
import { status } from '@grpc/grpc-js';
import { IncidentStatus } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createIncident,
  eventually,
  freshId,
  HOUR,
  MINUTE,
  recentDay,
  setStatus,
  statusOf,
  storeEvents,
} from './contract-helpers.js';
import { startVigilSystem, type VigilSystem } from './vigil-system.js';

let system: VigilSystem;
const organization = freshId();
const project = freshId();
const started = recentDay() + 9 * HOUR;

beforeAll(async () => {
  system = await startVigilSystem('incidents-contract');
  await storeEvents(system.ingest, [
    { at: started + MINUTE, project },
    { at: started + 2 * MINUTE, project },
  ]);
}, 300_000);

afterAll(() => system?.close());

const snapshot = (incidentId: string) =>
  callUnary(system.incidents, 'createIncidentSnapshot', { incidentId }, { timeoutMs: 10_000 });

describe('CreateIncidentSnapshot, as the scheduler relies on it', () => {
  test('a closed incident: created once, then the same snapshot with created = false', async () => {
    const id = await createIncident(system.incidents, { organization, project, started });
    await setStatus(system.incidents, id, IncidentStatus.CLOSED, started + 5 * MINUTE);
    const first = await snapshot(id);
    expect(first.created).toBe(true);
    expect(first.snapshot?.eventCount).toBe('2');
    const again = await snapshot(id);
    expect(again.created).toBe(false);
    expect(again.snapshot).toEqual(first.snapshot);
  });

  test('an incident that is not closed: FAILED_PRECONDITION, and no snapshot', async () => {
    const id = await createIncident(system.incidents, { organization, project, started });
    expect((await statusOf(snapshot(id))).code).toBe(status.FAILED_PRECONDITION);
    const missing = await statusOf(
      callUnary(system.incidents, 'getIncidentSnapshot', { incidentId: id }, { timeoutMs: 5_000 }),
    );
    expect(missing.code).toBe(status.NOT_FOUND);
  });

  test('an incident that does not exist: NOT_FOUND', async () => {
    expect((await statusOf(snapshot('987654321'))).code).toBe(status.NOT_FOUND);
  });

  test('ingest down: UNAVAILABLE and nothing stored; once ingest is back, the snapshot is made', async () => {
    const id = await createIncident(system.incidents, { organization, project, started });
    await setStatus(system.incidents, id, IncidentStatus.CLOSED, started + 5 * MINUTE);
    await system.stop('ingest');
    try {
      expect((await statusOf(snapshot(id))).code).toBe(status.UNAVAILABLE);
      const nothing = await statusOf(
        callUnary(system.incidents, 'getIncidentSnapshot', { incidentId: id }, { timeoutMs: 5_000 }),
      );
      expect(nothing.code).toBe(status.NOT_FOUND);
    } finally {
      await system.start('ingest');
    }
    // incidents' channel to ingest reconnects with backoff: retry like the scheduler does.
    const made = await eventually(() => snapshot(id), 'a snapshot once ingest is back', 30_000);
    expect(made.created).toBe(true);
    expect(made.snapshot?.eventCount).toBe('2');
  });
});
