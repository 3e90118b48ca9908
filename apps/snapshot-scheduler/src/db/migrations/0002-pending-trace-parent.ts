import { Migration } from '@mikro-orm/migrations';

// Additive: the pending row keeps the W3C traceparent of the status event
// that scheduled it, so the CreateIncidentSnapshot call made for it, minutes
// or days later, continues the trace of the close. A seven-argument
// scheduler_apply_status_change stands beside the six-argument one (which
// replicas still running the previous release call during a rollout).
export class Migration0002PendingTraceParent extends Migration {
  override async up(): Promise<void> {
    this.addSql(SQL);
  }
}

const SQL = `
ALTER TABLE scheduler_pending_snapshot ADD COLUMN trace_parent text;

-- As in 0001 (the same two statements in the same order, for the same
-- reasons), and a new close also replaces the row's trace_parent.
CREATE FUNCTION scheduler_apply_status_change(
  p_incident_id     bigint,
  p_version         bigint,
  p_now             timestamptz,
  p_schedule        boolean,
  p_organization_id bigint,
  p_target_run_date timestamptz,
  p_trace_parent    text          -- NULL when not traced
) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO scheduler_applied_version AS applied (incident_id, version, applied_at)
  VALUES (p_incident_id, p_version, p_now)
  ON CONFLICT (incident_id) DO UPDATE
    SET version = excluded.version, applied_at = excluded.applied_at
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
`;
