import type { IncidentStatusChanged } from '@vigil/contracts/events';
import { IncidentStatus } from '@vigil/contracts/incidents';
import { pendingSnapshotRunDate } from '@vigil/time-range';
import { isPositiveInt64 } from '@vigil/contracts/int64';

/** What a status-change event asks of the pending-snapshot table, if its version is newer than the last applied. */
export type StatusChange =
  | {
      kind: 'schedule';
      incidentId: string;
      organizationId: string;
      version: string;
      targetRunDate: Date;
    }
  | { kind: 'cancel'; incidentId: string; version: string };

/** The event breaks its contract; redelivering it would not help. */
export class InvalidStatusEventError extends Error {
  override readonly name = 'InvalidStatusEventError';
}

/**
 * CLOSED schedules (or reschedules) the incident's pending snapshot; any
 * other status is a reopen, which cancels it. The apply-or-ignore decision
 * by version is made by the store, atomically with the change.
 */
export function statusChangeOf(event: IncidentStatusChanged): StatusChange {
  const { incidentId, organizationId, version } = event;
  if (!isPositiveInt64(incidentId)) {
    throw invalid(event, `incident_id ${JSON.stringify(incidentId)} is not a positive id`);
  }
  if (!isPositiveInt64(version)) throw invalid(event, `version ${JSON.stringify(version)} is not positive`);
  switch (event.newStatus) {
    case IncidentStatus.CLOSED:
      if (!isPositiveInt64(organizationId)) throw invalid(event, 'organization_id is not a positive id');
      return { kind: 'schedule', incidentId, organizationId, version, targetRunDate: runDateOf(event) };
    case IncidentStatus.OPEN:
    case IncidentStatus.WARNING:
    case IncidentStatus.CRITICAL:
      return { kind: 'cancel', incidentId, version };
    default:
      throw invalid(event, `new_status ${event.newStatus} is not a known status`);
  }
}

function runDateOf(event: IncidentStatusChanged): Date {
  const { dateStarted, dateClosed, timeWindowMinutes } = event;
  if (!dateStarted) throw invalid(event, 'date_started is missing');
  if (!dateClosed) throw invalid(event, 'date_closed is missing on a CLOSED event');
  try {
    // The incident is closed, so its current end is date_closed: `now` plays no part.
    return pendingSnapshotRunDate({ dateStarted, dateClosed, timeWindowMinutes }, dateClosed);
  } catch (error) {
    if (error instanceof RangeError) throw invalid(event, error.message);
    throw error;
  }
}

function invalid(event: IncidentStatusChanged, reason: string): InvalidStatusEventError {
  return new InvalidStatusEventError(`status event ${JSON.stringify(event.eventId)}: ${reason}`);
}
