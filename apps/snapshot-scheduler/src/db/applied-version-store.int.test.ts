// Pruning the remembered versions: what goes, what stays, and that a late
// event after pruning cannot schedule a snapshot for a reopened incident.
import type { MikroORM } from '@mikro-orm/postgresql';
import { useTestDatabase } from '@vigil/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPendingRows, clearPendingRows, openTestDatabase } from '../../test/scheduler-database.js';
import type { StatusChange } from '../domain/status-change.js';
import { pruneAppliedVersions } from './applied-version-store.js';
import { AppliedVersionEntity } from './entities.js';
import { createStatusChangeStore, type StatusChangeStore } from './status-change-store.js';

const T0 = Date.UTC(2021, 0, 1);
const DAY = 86_400_000;

const database = useTestDatabase();
let orm: MikroORM;
let store: StatusChangeStore;

beforeAll(async () => {
  orm = await openTestDatabase(database().url);
  store = createStatusChangeStore(orm);
});
afterAll(async () => {
  await orm?.close();
});

const close = (incidentId: string, version: number): StatusChange => ({
  kind: 'schedule',
  incidentId,
  organizationId: '9',
  version: String(version),
  targetRunDate: new Date(T0 + DAY),
});
const reopen = (incidentId: string, version: number): StatusChange => ({
  kind: 'cancel',
  incidentId,
  version: String(version),
});

async function remembered(): Promise<Record<string, { version: string; closed: boolean | null }>> {
  const rows = await orm.em.fork().find(AppliedVersionEntity, {}, { orderBy: { incidentId: 'asc' } });
  return Object.fromEntries(rows.map((row) => [row.incidentId, { version: row.version, closed: row.closed ?? null }]));
}

/** What a successful (or dropped) snapshot leaves: the pending row gone. */
async function snapshotDone(incidentId: string): Promise<void> {
  await orm.em.fork().execute('DELETE FROM scheduler_pending_snapshot WHERE incident_id = ?', [incidentId], 'run');
}

describe('pruning remembered versions', () => {
  it('deletes only closes whose snapshot is done and that were applied before the horizon', async () => {
    await clearPendingRows(orm);
    const old = new Date(T0);
    await store.apply(close('1', 2), old);
    await store.apply(reopen('1', 3), old); // reopened long ago, still open
    await store.apply(close('2', 2), old);
    await snapshotDone('2'); // closed long ago, snapshot made
    await store.apply(close('3', 2), old); // closed long ago, snapshot still pending
    await store.apply(close('4', 2), new Date(T0 + 9 * DAY));
    await snapshotDone('4'); // closed recently, snapshot made
    expect(await remembered()).toEqual({
      '1': { version: '3', closed: false },
      '2': { version: '2', closed: true },
      '3': { version: '2', closed: true },
      '4': { version: '2', closed: true },
    });

    expect(await pruneAppliedVersions(orm, new Date(T0 + 8 * DAY))).toBe(1);
    expect(Object.keys(await remembered())).toEqual(['1', '3', '4']);
    expect(await pruneAppliedVersions(orm, new Date(T0 + 8 * DAY))).toBe(0);
  });

  it('still ignores a late CLOSED of a reopened incident however old its row is', async () => {
    await clearPendingRows(orm);
    await store.apply(close('11', 2), new Date(T0));
    await store.apply(reopen('11', 3), new Date(T0));
    expect(await pruneAppliedVersions(orm, new Date(T0 + 365 * DAY))).toBe(0);

    // The stale close of version 2 comes again (a copy published late).
    expect(await store.apply(close('11', 2), new Date(T0 + 365 * DAY))).toBe('stale');
    expect(await allPendingRows(orm)).toEqual([]);
    // A newer close still schedules it.
    expect(await store.apply(close('11', 4), new Date(T0 + 365 * DAY))).toBe('applied');
    expect(await allPendingRows(orm)).toMatchObject([{ incidentId: '11', incidentVersion: '4' }]);
  });

  it('keeps rows from before the closed column (not known whether a close) until their incident changes', async () => {
    await clearPendingRows(orm);
    await store.apply(close('21', 2), new Date(T0));
    await snapshotDone('21');
    await orm.em.fork().execute('UPDATE scheduler_applied_version SET closed = NULL', [], 'run');
    expect(await pruneAppliedVersions(orm, new Date(T0 + 365 * DAY))).toBe(0);
    await store.apply(reopen('21', 3), new Date(T0));
    await store.apply(close('21', 4), new Date(T0));
    await snapshotDone('21');
    expect(await pruneAppliedVersions(orm, new Date(T0 + 365 * DAY))).toBe(1);
  });

  it('prunes in batches until nothing is left to prune', async () => {
    await clearPendingRows(orm);
    await orm.em.fork().execute(
      `INSERT INTO scheduler_applied_version (incident_id, version, applied_at, closed)
         SELECT id, 2, ?, true FROM generate_series(100000, 112345) AS id`,
      [new Date(T0)],
      'run',
    );
    expect(await pruneAppliedVersions(orm, new Date(T0 + DAY))).toBe(12_346);
    expect(await remembered()).toEqual({});
  });
});
