import { Migration } from '@mikro-orm/migrations';

// Scheduler schema, version 1. Immutable once released: change it with a new
// numbered migration.
export class Migration0001PendingSnapshots extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
-- One row per closed incident waiting for its snapshot (at most one each).
CREATE TABLE scheduler_pending_snapshot (
  incident_id       bigint      PRIMARY KEY,
  organization_id   bigint      NOT NULL,
  incident_version  bigint      NOT NULL,          -- version of the close that scheduled it
  target_run_date   timestamptz NOT NULL,          -- date_closed + min(10 x window, 10 days)
  next_attempt_at   timestamptz NOT NULL,          -- target_run_date, later after a failed attempt
  attempts          integer     NOT NULL DEFAULT 0,
  last_error        text        NOT NULL DEFAULT '',
  -- A claim is a lease, not an open transaction: the worker that set these
  -- owns the row until lease_expires_at; a crashed worker's lease just runs out.
  claimed_by        text,
  lease_expires_at  timestamptz,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  CONSTRAINT scheduler_pending_snapshot_lease_whole CHECK ((claimed_by IS NULL) = (lease_expires_at IS NULL)),
  CONSTRAINT scheduler_pending_snapshot_not_before_target CHECK (next_attempt_at >= target_run_date),
  CONSTRAINT scheduler_pending_snapshot_attempts_not_negative CHECK (attempts >= 0)
);

-- Claims and listings go oldest next attempt first.
CREATE INDEX scheduler_pending_snapshot_next_attempt
  ON scheduler_pending_snapshot (next_attempt_at, incident_id);

-- The last status-change version applied per incident. Kept after the
-- pending row is gone, so a stale CLOSED delivered after a reopen is ignored.
CREATE TABLE scheduler_applied_version (
  incident_id  bigint      PRIMARY KEY,
  version      bigint      NOT NULL,
  applied_at   timestamptz NOT NULL
);

-- Applies one status-change event if its version is newer than the last
-- applied for the incident; returns whether it did. One call is one
-- statement, hence one transaction, and its two steps run in this order:
-- 1. Raise the remembered version only when the incoming one is newer. On a
--    conflict PostgreSQL locks the existing row even when the WHERE is
--    false, so two events of one incident take turns here.
-- 2. Change the pending row. Each statement of a VOLATILE function takes a
--    fresh snapshot under READ COMMITTED, so after waiting in step 1 this one
--    sees the pending row the other event committed. (A single statement
--    with a CTE would read the older snapshot and could leave a CLOSED row
--    behind a newer reopen.)
-- A new close replaces the pending row entirely: a fresh run date, no
-- failures, and no lease (a worker still holding the old lease finds it gone
-- and leaves the row alone); created_at stays: when it was first scheduled.
CREATE FUNCTION scheduler_apply_status_change(
  p_incident_id     bigint,
  p_version         bigint,
  p_now             timestamptz,
  p_schedule        boolean,      -- true: CLOSED, schedule; false: reopened, cancel
  p_organization_id bigint,       -- NULL when cancelling
  p_target_run_date timestamptz   -- NULL when cancelling
) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO scheduler_applied_version AS applied (incident_id, version, applied_at)
  VALUES (p_incident_id, p_version, p_now)
  ON CONFLICT (incident_id) DO UPDATE
    SET version = excluded.version, applied_at = excluded.applied_at
    WHERE applied.version < excluded.version;
  IF NOT FOUND THEN
    RETURN false;  -- stale or duplicate
  END IF;

  IF p_schedule THEN
    INSERT INTO scheduler_pending_snapshot AS pending
      (incident_id, organization_id, incident_version, target_run_date, next_attempt_at,
       attempts, last_error, claimed_by, lease_expires_at, created_at, updated_at)
    VALUES (p_incident_id, p_organization_id, p_version, p_target_run_date, p_target_run_date,
            0, '', NULL, NULL, p_now, p_now)
    ON CONFLICT (incident_id) DO UPDATE SET
      organization_id = excluded.organization_id,
      incident_version = excluded.incident_version,
      target_run_date = excluded.target_run_date,
      next_attempt_at = excluded.next_attempt_at,
      attempts = 0,
      last_error = '',
      claimed_by = NULL,
      lease_expires_at = NULL,
      updated_at = excluded.updated_at;
  ELSE
    DELETE FROM scheduler_pending_snapshot WHERE incident_id = p_incident_id;
  END IF;
  RETURN true;
END;
$$;
`;
