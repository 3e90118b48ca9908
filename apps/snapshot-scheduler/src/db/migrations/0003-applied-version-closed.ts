import { Migration } from '@mikro-orm/migrations';

// Additive: scheduler_applied_version remembers whether the last change it
// applied was a close, so that rows can be pruned (applied-version-store.ts)
// without ever forgetting a reopen: a reopened incident's row stays until the
// incident is closed again, so a late CLOSED older than the reopen is still
// recognised as stale however late it comes. NULL for rows applied before this
// migration (not known: they are kept until their incident's next change).
// Both functions (the six-argument one of 0001, still called by replicas of
// an older release during a rollout, and the seven-argument one of 0002) are
// replaced by the same bodies plus that column.
export class Migration0003AppliedVersionClosed extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
ALTER TABLE scheduler_applied_version ADD COLUMN closed boolean;

-- As in 0002 (the same two statements in the same order, for the same
-- reasons), and the remembered version says whether it was a close.
CREATE OR REPLACE FUNCTION scheduler_apply_status_change(
  p_incident_id     bigint,
  p_version         bigint,
  p_now             timestamptz,
  p_schedule        boolean,
  p_organization_id bigint,
  p_target_run_date timestamptz,
  p_trace_parent    text
) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO scheduler_applied_version AS applied (incident_id, version, applied_at, closed)
  VALUES (p_incident_id, p_version, p_now, p_schedule)
  ON CONFLICT (incident_id) DO UPDATE
    SET version = excluded.version, applied_at = excluded.applied_at, closed = excluded.closed
    WHERE applied.version < excluded.version;
  IF NOT FOUND THEN
    RETURN false;
  END IF;

  IF p_schedule THEN
    INSERT INTO scheduler_pending_snapshot AS pending
      (incident_id, organization_id, incident_version, target_run_date, next_attempt_at,
       attempts, last_error, claimed_by, lease_expires_at, created_at, updated_at, trace_parent)
    VALUES (p_incident_id, p_organization_id, p_version, p_target_run_date, p_target_run_date,
            0, '', NULL, NULL, p_now, p_now, p_trace_parent)
    ON CONFLICT (incident_id) DO UPDATE SET
      organization_id = excluded.organization_id,
      incident_version = excluded.incident_version,
      target_run_date = excluded.target_run_date,
      next_attempt_at = excluded.next_attempt_at,
      attempts = 0,
      last_error = '',
      claimed_by = NULL,
      lease_expires_at = NULL,
      updated_at = excluded.updated_at,
      trace_parent = excluded.trace_parent;
  ELSE
    DELETE FROM scheduler_pending_snapshot WHERE incident_id = p_incident_id;
  END IF;
  RETURN true;
END;
$$;

-- The previous release's signature: the seven-argument one without a trace.
CREATE OR REPLACE FUNCTION scheduler_apply_status_change(
  p_incident_id     bigint,
  p_version         bigint,
  p_now             timestamptz,
  p_schedule        boolean,
  p_organization_id bigint,
  p_target_run_date timestamptz
) RETURNS boolean
LANGUAGE sql VOLATILE AS $$
  SELECT scheduler_apply_status_change(p_incident_id, p_version, p_now, p_schedule,
                                       p_organization_id, p_target_run_date, NULL::text);
$$;
`;
