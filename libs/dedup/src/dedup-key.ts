import { utcDay } from './utc-day.js';
import { isPositiveInt64 } from '@vigil/contracts/int64';

/** What makes two events "the same event": project, event id and UTC day. */
export interface DedupKey {
  /** A positive int64 in canonical decimal (no sign, no leading zeros). */
  readonly projectId: string;
  /** 32 lowercase hex digits, as parseEventId returns it. */
  readonly eventId: string;
  /** 'YYYY-MM-DD' of the event's timestamp in UTC. */
  readonly day: string;
}

const STORED_EVENT_ID = /^[0-9a-f]{32}$/;

/**
 * The dedup key of an event. Throws a RangeError for a project id that is
 * not a canonical positive int64, or an event id not in its stored form:
 * '007' and '7', or 'ABC…' and 'abc…', would otherwise make two different
 * keys for one event and let a duplicate slip through.
 */
export function dedupKey(projectId: string, eventId: string, timestamp: Date): DedupKey {
  if (!isPositiveInt64(projectId)) {
    throw new RangeError(`project id must be a positive int64 in canonical decimal, got ${JSON.stringify(projectId)}`);
  }
  if (!STORED_EVENT_ID.test(eventId)) {
    throw new RangeError(`event id must be 32 lowercase hex digits (see parseEventId), got ${JSON.stringify(eventId)}`);
  }
  return { projectId, eventId, day: utcDay(timestamp) };
}

/**
 * A string equal for equal keys and different for different keys, for Map
 * keys and batch planning. Unambiguous because no part can hold the ':'.
 */
export function dedupKeyString(key: DedupKey): string {
  return `${key.projectId}:${key.eventId}:${key.day}`;
}
