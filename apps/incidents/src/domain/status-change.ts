import { InvalidArgumentError } from '@vigil/runtime';
import type { Incident, IncidentStatus, StatusMethod } from './incident.js';

/** What the caller asked for, already mapped from the request. */
export interface StatusChangeRequest {
  readonly status: IncidentStatus;
  readonly method: StatusMethod;
  /** Empty = none. */
  readonly comment: string;
  /** Empty = not given. */
  readonly actor: string;
  /** The close time the caller gave; only allowed with CLOSED. */
  readonly dateClosed: Date | null;
}

/** The incident fields a status change reads. */
export type StatusChangeSubject = Pick<Incident, 'status' | 'dateStarted' | 'dateClosed' | 'version'>;

/** The outcome of behaviour.md §2's rules for one request. */
export type StatusChangePlan =
  | { readonly changed: false }
  | {
      readonly changed: true;
      readonly previousStatus: IncidentStatus;
      readonly newStatus: IncidentStatus;
      /** The incident's date_closed after the change: set exactly when newStatus is CLOSED. */
      readonly dateClosed: Date | null;
      /** Leaving CLOSED: the snapshot goes, and the scheduler drops its pending one on the event. */
      readonly reopened: boolean;
      readonly version: number;
    };

/**
 * Applies the status rules to an incident as it is now (read under its row
 * lock). The request is checked first, even when the status would not
 * change, so a bad close time is always an error rather than sometimes
 * silently ignored.
 */
export function planStatusChange(
  incident: StatusChangeSubject,
  request: StatusChangeRequest,
  now: Date,
): StatusChangePlan {
  const closeTime = resolveCloseTime(incident, request, now);
  if (request.status === incident.status) return { changed: false };
  return {
    changed: true,
    previousStatus: incident.status,
    newStatus: request.status,
    dateClosed: closeTime,
    reopened: incident.status === 'CLOSED',
    version: incident.version + 1,
  };
}

/** date_closed after the request: the given time, else now; null unless closing. */
function resolveCloseTime(incident: StatusChangeSubject, request: StatusChangeRequest, now: Date): Date | null {
  const given = request.dateClosed;
  if (request.status !== 'CLOSED') {
    if (given !== null) throw new InvalidArgumentError('date_closed', 'may only be given with status CLOSED');
    return null;
  }
  if (given === null) {
    // Creation refuses a future date_started, so now >= date_started unless
    // two replicas' clocks disagree; never let the close precede the start.
    return now.getTime() < incident.dateStarted.getTime() ? incident.dateStarted : now;
  }
  if (given.getTime() > now.getTime()) {
    throw new InvalidArgumentError(
      'date_closed',
      `must not be in the future (${given.toISOString()} is after ${now.toISOString()})`,
    );
  }
  if (given.getTime() < incident.dateStarted.getTime()) {
    throw new InvalidArgumentError(
      'date_closed',
      `must not be before date_started (${given.toISOString()} is before ${incident.dateStarted.toISOString()})`,
    );
  }
  return given;
}
