import { isPositiveInt64 } from '@vigil/contracts/int64';
import {
  decodePageToken as decodeSharedToken,
  encodePageToken as encodeSharedToken,
  isTimestampInRange,
} from '@vigil/runtime/validation';
import type { ListPosition } from '../db/pending-snapshot-reads.js';

// A page ends at its last row's (next_attempt_at, incident_id); the scope binds the token to the
// due_only it was listed with, so the next page must use the same.
const scopeOf = (dueOnly: boolean) => `scheduler.pending:${dueOnly ? 'due' : 'all'}`;

/** The opaque next_page_token: where the page ended and which listing it belongs to. */
export function encodePageToken(position: ListPosition, dueOnly: boolean): string {
  return encodeSharedToken(scopeOf(dueOnly), [String(position.nextAttemptAt.getTime()), position.incidentId]);
}

/** The position after which the next page starts; INVALID_ARGUMENT for anything this service did not issue. */
export function decodePageToken(token: string, dueOnly: boolean): ListPosition | undefined {
  const key = decodeSharedToken(token, scopeOf(dueOnly), isPositionKey);
  if (!key) return undefined;
  const [at, incidentId] = key as [string, string];
  return { nextAttemptAt: new Date(Number(at)), incidentId };
}

// An epoch-ms instant a timestamp column holds (not merely any safe integer) and an incident id.
function isPositionKey(key: readonly string[]): boolean {
  const [at, incidentId] = key;
  if (key.length !== 2 || at === undefined || incidentId === undefined || !/^-?[0-9]{1,16}$/.test(at)) return false;
  return isTimestampInRange(new Date(Number(at))) && isPositiveInt64(incidentId);
}
