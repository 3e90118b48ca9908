import type { MikroORM } from '@mikro-orm/postgresql';
import { useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPendingRows, clearPendingRows, openTestDatabase } from '../../test/scheduler-database.js';
import type { StatusChange } from '../domain/status-change.js';
import { AppliedVersionEntity } from './entities.js';
import { createPendingSnapshotQueue } from './pending-snapshot-queue.js';
import { createStatusChangeStore, type StatusChangeStore } from './status-change-store.js';

const T0 = Date.UTC(2021, 0, 1);
const HOUR = 3_600_000;
const now = new Date(T0 + 2 * HOUR);

const database = useTestDatabase();
let ormA: MikroORM;
let ormB: MikroORM;
let storeA: StatusChangeStore;
let storeB: StatusChangeStore;

beforeAll(async () => {
  // Two pools, as two consumer replicas (or two in-flight events) would use.
  ormA = await openTestDatabase(database().url);
  ormB = await openTestDatabase(database().url);
  storeA = createStatusChangeStore(ormA);
  storeB = createStatusChangeStore(ormB);
});

afterAll(async () => {
  await ormA?.close();
  await ormB?.close();
});

const schedule = (incidentId: string, version: number, targetRunDate = new Date(T0 + HOUR)): StatusChange => ({
  kind: 'schedule',
  incidentId,
  organizationId: '9',
  version: String(version),
  targetRunDate,
});
const cancel = (incidentId: string, version: number): StatusChange => ({
  kind: 'cancel',
  incidentId,
  version: String(version),
});

describe('applying status changes by version', () => {
  it('applies only newer versions and remembers the last one after the row is gone', async () => {
    expect(await storeA.apply(schedule('1', 2), now)).toBe('applied');
    expect(await storeA.apply(schedule('1', 2), now)).toBe('stale');
    expect(await storeA.apply(cancel('1', 3), now)).toBe('applied');
    expect(await storeA.apply(schedule('1', 2), now)).toBe('stale');
    expect(await allPendingRows(ormA)).toEqual([]);
    expect(await ormA.em.fork().findOne(AppliedVersionEntity, { incidentId: '1' })).toMatchObject({ version: '3' });
  });

  it('keeps the trace context of the close that scheduled the row, and a newer close replaces it', async () => {
    await clearPendingRows(ormA);
    const first = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const second = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await storeA.apply(schedule('7', 2), now, first);
    expect(await allPendingRows(ormA)).toMatchObject([{ incidentId: '7', traceParent: first }]);
    await storeA.apply(schedule('7', 3), now, second);
    expect(await allPendingRows(ormA)).toMatchObject([{ incidentId: '7', traceParent: second }]);
    await storeA.apply(schedule('7', 4), now);
    expect(await allPendingRows(ormA)).toMatchObject([{ incidentId: '7', traceParent: null }]);
    const queue = createPendingSnapshotQueue(ormA);
    await storeA.apply(schedule('7', 5), now, first);
    const claimed = await queue.claimDue({ workerId: 'w', now: new Date(T0 + 2 * HOUR), leaseMs: HOUR, limit: 10 });
    expect(claimed).toMatchObject([{ incidentId: '7', traceParent: first }]);
  });

  it('replaces the pending row on a newer close: new run date and version, attempts and lease cleared', async () => {
    await clearPendingRows(ormA);
    await storeA.apply(schedule('2', 2), now);
    await ormA.em
      .fork()
      .execute(
        "UPDATE scheduler_pending_snapshot SET attempts = 3, last_error = 'x', claimed_by = 'w', lease_expires_at = ? WHERE incident_id = 2",
        [now],
        'run',
      );
    await storeA.apply(cancel('2', 3), now);
    await storeA.apply(schedule('2', 4, new Date(T0 + 5 * HOUR)), new Date(T0 + 3 * HOUR));
    expect(await allPendingRows(ormA)).toMatchObject([
      {
        incidentId: '2',
        incidentVersion: '4',
        targetRunDate: new Date(T0 + 5 * HOUR),
        nextAttemptAt: new Date(T0 + 5 * HOUR),
        attempts: 0,
        lastError: '',
        claimedBy: null,
        leaseExpiresAt: null,
        createdAt: new Date(T0 + 3 * HOUR),
      },
    ]);
  });

  it('never leaves a CLOSED row behind a newer reopen when the two race on separate connections', async () => {
    await clearPendingRows(ormA);
    const incidents = Array.from({ length: 300 }, (_, i) => String(1000 + i));
    await Promise.all(
      incidents.map((id, i) =>
        i % 2 === 0
          ? Promise.all([storeA.apply(schedule(id, 2), now), storeB.apply(cancel(id, 3), now)])
          : Promise.all([storeB.apply(cancel(id, 3), now), storeA.apply(schedule(id, 2), now)]),
      ),
    );
    expect(await allPendingRows(ormA)).toEqual([]);
  });

  it('always keeps the row of a newer close racing an older reopen', async () => {
    await clearPendingRows(ormA);
    const incidents = Array.from({ length: 300 }, (_, i) => String(2000 + i));
    await Promise.all(
      incidents.map((id) => Promise.all([storeB.apply(cancel(id, 2), now), storeA.apply(schedule(id, 3), now)])),
    );
    const rows = await allPendingRows(ormA);
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((row) => row.incidentVersion))).toEqual(new Set(['3']));
  });
});
