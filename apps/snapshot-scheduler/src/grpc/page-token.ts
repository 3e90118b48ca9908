import { InvalidArgumentError } from '@vigil/runtime';
import type { ListPosition } from '../db/pending-snapshot-reads.js';
import { isPositiveInt64 } from '@vigil/contracts/int64';

interface TokenBody {
  /** next_attempt_at of the page's last row, epoch ms. */
  t: number;
  /** incident_id of the page's last row. */
  i: string;
  /** The due_only the page was listed with; the next page must use the same. */
  d: boolean;
}

/** The opaque next_page_token: where the page ended and which listing it belongs to. */
export function encodePageToken(position: ListPosition, dueOnly: boolean): string {
  const body: TokenBody = { t: position.nextAttemptAt.getTime(), i: position.incidentId, d: dueOnly };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The position after which the next page starts; INVALID_ARGUMENT for anything this service did not issue. */
export function decodePageToken(token: string, dueOnly: boolean): ListPosition {
  const body = parse(token);
  if (!isTokenBody(body)) throw new InvalidArgumentError('page_token', 'is not a page token of this listing');
  if (body.d !== dueOnly) throw new InvalidArgumentError('page_token', 'was issued for a different due_only');
  return { nextAttemptAt: new Date(body.t), incidentId: body.i };
}

function parse(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isTokenBody(value: unknown): value is TokenBody {
  if (typeof value !== 'object' || value === null) return false;
  const { t, i, d } = value as Partial<Record<keyof TokenBody, unknown>>;
  return Number.isSafeInteger(t) && typeof i === 'string' && isPositiveInt64(i) && typeof d === 'boolean';
}
