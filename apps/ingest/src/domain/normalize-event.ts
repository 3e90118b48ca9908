import { Level, type Event } from '@vigil/contracts/ingest';
import { parseEventId, utcDay } from '@vigil/dedup';
import type { EventLimits } from './event-limits.js';
import type { EventLevel, NormalizedEvent } from './normalized-event.js';
import { groupIdOf } from './group-id.js';
import { userKeyOf } from './user-key.js';
import { isPositiveInt64 } from '@vigil/contracts/int64';
import { isTimestampInRange } from '@vigil/runtime/validation';

/** Why an event cannot be stored: the offending field (a path in Event) and a reason. */
export interface EventRejection {
  readonly field: string;
  readonly reason: string;
}

export type NormalizeResult =
  { readonly ok: true; readonly event: NormalizedEvent } | ({ readonly ok: false } & EventRejection);

const DAY_MS = 86_400_000;
// Tag keys must be usable as bare keys of the query language.
const TAG_KEY = /^[A-Za-z0-9_.-]+$/;

class Rejected extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/**
 * Checks each text field against its own bound and adds up the sizes for
 * the whole-event bound, so every string is measured once (this runs for
 * every event received).
 */
class TextSizes {
  total = 0;

  bounded(field: string, text: string, max: number): string {
    // PostgreSQL text cannot hold U+0000; refusing it here names the field
    // instead of failing the whole write deep in the database.
    if (text.includes('\u0000')) throw new Rejected(field, 'contains a NUL character (U+0000), which cannot be stored');
    const size = Buffer.byteLength(text, 'utf8');
    if (size > max) throw new Rejected(field, `is ${size} bytes, over the limit of ${max}`);
    this.total += size;
    return text;
  }
}

/**
 * Validates an event as received and gives the event to store: defaults
 * applied, event id normalized, timestamp settled, group and user key
 * worked out. Pure: the receive time is passed in.
 */
export function normalizeEvent(event: Event, receivedAt: Date, limits: EventLimits): NormalizeResult {
  try {
    return { ok: true, event: normalizeOrThrow(event, receivedAt, limits) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, field: error.field, reason: error.reason };
    throw error;
  }
}

function normalizeOrThrow(event: Event, receivedAt: Date, limits: EventLimits): NormalizedEvent {
  const parsedId = parseEventId(event.eventId);
  if (!parsedId.ok) throw new Rejected('event_id', parsedId.reason);
  const projectId = projectIdOf(event.projectId);
  const timestamp = timestampOf(event.timestamp, receivedAt, limits);
  const sizes = new TextSizes();
  const bounded = sizes.bounded.bind(sizes);
  const fingerprint = fingerprintOf(event.fingerprint, limits, sizes);
  const tags = tagsOf(event.tags, limits, sizes);
  const user = {
    id: bounded('user.id', event.user?.id ?? '', limits.userFieldBytes),
    email: bounded('user.email', event.user?.email ?? '', limits.userFieldBytes),
    username: bounded('user.username', event.user?.username ?? '', limits.userFieldBytes),
    ipAddress: bounded('user.ip_address', event.user?.ipAddress ?? '', limits.userFieldBytes),
  };
  const message = bounded('message', event.message, limits.messageBytes);
  const exceptionType = bounded('exception.type', event.exception?.type ?? '', limits.exceptionTypeBytes);
  const exceptionValue = bounded('exception.value', event.exception?.value ?? '', limits.exceptionValueBytes);
  const normalized: NormalizedEvent = {
    projectId,
    eventId: parsedId.eventId,
    day: utcDay(timestamp),
    timestamp,
    receivedAt,
    groupId: groupIdOf({ fingerprint, exceptionType, exceptionValue, message }),
    level: levelOf(event.level),
    platform: bounded('platform', event.platform, limits.platformBytes),
    message,
    culprit: bounded('culprit', event.culprit, limits.culpritBytes),
    environment: bounded('environment', event.environment, limits.environmentBytes),
    release: bounded('release', event.release, limits.releaseBytes),
    fingerprint,
    tags,
    user,
    userKey: userKeyOf(user),
    exceptionType,
    exceptionValue,
  };
  if (sizes.total > limits.eventBytes) {
    throw new Rejected('event', `is ${sizes.total} bytes, over the limit of ${limits.eventBytes}`);
  }
  return normalized;
}

function projectIdOf(raw: string): string {
  if (raw === '' || raw === '0') throw new Rejected('project_id', 'is required (a positive integer)');
  if (!isPositiveInt64(raw)) throw new Rejected('project_id', `must be a positive integer, got ${raw}`);
  return raw;
}

function timestampOf(given: Date | undefined, receivedAt: Date, limits: EventLimits): Date {
  if (given === undefined) return receivedAt;
  if (Number.isNaN(given.getTime())) throw new Rejected('timestamp', 'is not a valid time');
  // Outside the protobuf Timestamp range it is no time at all, not a clock running ahead.
  if (!isTimestampInRange(given)) {
    throw new Rejected('timestamp', 'must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z');
  }
  // A clock running ahead on the sender's side: trust our own clock instead.
  if (given.getTime() > receivedAt.getTime() + limits.maxFutureSkewMs) return receivedAt;
  if (given.getTime() < receivedAt.getTime() - limits.retentionDays * DAY_MS) {
    throw new Rejected('timestamp', `is older than the retention of ${limits.retentionDays} days`);
  }
  return given;
}

function levelOf(level: Level): EventLevel {
  switch (level) {
    case Level.UNSPECIFIED:
    case Level.ERROR:
      return 2;
    case Level.FATAL:
      return 1;
    case Level.WARNING:
      return 3;
    case Level.INFO:
      return 4;
    case Level.DEBUG:
      return 5;
    default:
      throw new Rejected('level', `unknown level ${String(level)}`);
  }
}

function fingerprintOf(fingerprint: readonly string[], limits: EventLimits, sizes: TextSizes): string[] {
  if (fingerprint.length > limits.fingerprintEntries) {
    throw new Rejected(
      'fingerprint',
      `has ${fingerprint.length} entries, over the limit of ${limits.fingerprintEntries}`,
    );
  }
  return fingerprint.map((entry, i) => sizes.bounded(`fingerprint[${i}]`, entry, limits.fingerprintEntryBytes));
}

function tagsOf(tags: Readonly<Record<string, string>>, limits: EventLimits, sizes: TextSizes): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length > limits.tagCount) {
    throw new Rejected('tags', `has ${entries.length} tags, over the limit of ${limits.tagCount}`);
  }
  for (const [key, value] of entries) {
    if (!TAG_KEY.test(key)) throw new Rejected(`tags[${key}]`, 'key may hold only letters, digits, "_", "-" and "."');
    sizes.bounded(`tags[${key}]`, key, limits.tagKeyBytes);
    sizes.bounded(`tags[${key}]`, value, limits.tagValueBytes);
  }
  return Object.fromEntries(entries);
}
