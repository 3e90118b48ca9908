import type { MikroORM } from '@mikro-orm/postgresql';

// Batches keep each DELETE short: the consumer's apply waits on a row lock
// held by a running DELETE.
const PRUNE_BATCH = 5_000;

// A row goes only when its last applied change was a close (closed = true)
// whose pending row is gone too (snapshot made, or dropped as not found / not
// closed), and it was applied before the horizon. A reopened incident's row
// (closed = false) stays, so a late CLOSED older than the reopen is still
// stale; a row from before migration 0003 (closed IS NULL) stays as well.
const PRUNE = `
DELETE FROM scheduler_applied_version
WHERE incident_id IN (
  SELECT applied.incident_id FROM scheduler_applied_version AS applied
  WHERE applied.closed AND applied.applied_at < ?
    AND NOT EXISTS (SELECT 1 FROM scheduler_pending_snapshot AS pending WHERE pending.incident_id = applied.incident_id)
  LIMIT ?
)`;

/**
 * Deletes remembered versions that no event can still need (see PRUNE), in
 * batches; how many went. A concurrent apply of the same incident is safe: it
 * either commits first (then applied_at is new and the row is not deleted) or
 * waits for the delete and inserts a fresh row.
 */
export async function pruneAppliedVersions(orm: MikroORM, appliedBefore: Date): Promise<number> {
  let pruned = 0;
  for (;;) {
    const result = await orm.em.fork().execute<{ affectedRows: number }>(PRUNE, [appliedBefore, PRUNE_BATCH], 'run');
    pruned += result.affectedRows;
    if (result.affectedRows < PRUNE_BATCH) return pruned;
  }
}
