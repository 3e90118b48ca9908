import type { MikroORM } from '@mikro-orm/postgresql';
import { inSpan } from '@vigil/runtime';
import type { StatusChange } from '../domain/status-change.js';

/** Whether the change was newer than the last one applied for its incident. */
type ApplyResult = 'applied' | 'stale';

export interface StatusChangeStore {
  /**
   * Applies the change if its version is newer than the incident's last
   * applied one; one commit either way. A scheduled row keeps `traceParent`
   * (the trace its snapshot call continues).
   */
  apply(change: StatusChange, now: Date, traceParent?: string | null): Promise<ApplyResult>;
}

// The version check and the pending-row change are one SQL function (see
// migration 0001 for why its two steps must be two statements), called as a
// single statement. Not em.transactional: with kysely 0.29.6 a BEGIN that
// fails on a connection PostgreSQL has just closed never returns that
// connection to the pool, so every database restart would leak some, and
// closing the pool would then hang.
const APPLY = 'SELECT scheduler_apply_status_change(?, ?, ?, ?, ?, ?, ?) AS applied';

/** The consumer's side of the database. */
export function createStatusChangeStore(orm: MikroORM): StatusChangeStore {
  return {
    async apply(change, now, traceParent = null) {
      const [organizationId, targetRunDate] =
        change.kind === 'schedule' ? [change.organizationId, change.targetRunDate] : [null, null];
      const attributes = { 'db.system': 'postgresql', 'vigil.incident_id': change.incidentId };
      const [row] = await inSpan('pending snapshot apply', { attributes }, () =>
        orm.em
          .fork()
          .execute<{ applied: boolean }[]>(APPLY, [
            change.incidentId,
            change.version,
            now,
            change.kind === 'schedule',
            organizationId,
            targetRunDate,
            traceParent,
          ]),
      );
      return row?.applied ? 'applied' : 'stale';
    },
  };
}
