// The scheduler's database as its tests see it: migrated by the app's own
// code, with rows put in place and read back directly.
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '@vigil/runtime';
import { PendingSnapshotEntity } from '../src/db/entities.js';
import { openSchedulerDatabase } from '../src/db/open-scheduler-database.js';
import type { PendingSnapshotRow } from '../src/db/pending-snapshot-reads.js';

export const silentLogger = createLogger({ service: 'snapshot-scheduler-test', level: 'silent' });

export function openTestDatabase(databaseUrl: string): Promise<MikroORM> {
  return openSchedulerDatabase({ databaseUrl, poolSize: 10, logger: silentLogger });
}

interface DueRow {
  readonly incidentId: string;
  readonly targetRunDate: Date;
}

/** Inserts pending rows as a close would have scheduled them (version 1, no attempts yet), in one statement. */
export async function insertPendingRows(orm: MikroORM, rows: readonly DueRow[]): Promise<void> {
  await orm.em.fork().execute(
    `INSERT INTO scheduler_pending_snapshot
       (incident_id, organization_id, incident_version, target_run_date, next_attempt_at, created_at, updated_at)
     SELECT id, 1, 1, due, due, due, due FROM json_to_recordset(?::json) AS t(id bigint, due timestamptz)`,
    [JSON.stringify(rows.map((row) => ({ id: row.incidentId, due: row.targetRunDate.toISOString() })))],
    'run',
  );
}

/** Every pending row, by incident id. */
export function allPendingRows(orm: MikroORM): Promise<PendingSnapshotRow[]> {
  return orm.em.fork().find(PendingSnapshotEntity, {}, { orderBy: { incidentId: 'asc' } });
}

/** Removes every row, so a test starts from an empty table. */
export async function clearPendingRows(orm: MikroORM): Promise<void> {
  await orm.em.fork().execute('TRUNCATE scheduler_pending_snapshot, scheduler_applied_version', [], 'run');
}
