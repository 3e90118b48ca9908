import { Level, type Event, type Exception, type StackFrame, type Stacktrace } from '@vigil/contracts/ingest';
import { parseEventId, utcDay } from '@vigil/dedup';
import type { EventLimits } from './event-limits.js';
import type { EventLevel, NormalizedEvent, StoredException, StoredStacktrace } from './normalized-event.js';
import { groupIdOf, groupTitleOf } from './group-id.js';
import { countChars, shortenToChars, TextNormalizer, type Normalization } from './normalization.js';
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
// Sentry's tag-key rule; keys are matched by the query language as `tags[key]`.
const TAG_KEY = /^[A-Za-z0-9_.:-]+$/;
// A request can hold thousands of bad tags: the answer lists this many changes at most.
const MAX_REPORTED_CHANGES = 100;

class Rejected extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/**
 * Validates an event as received and gives the event to store: defaults
 * applied, event id normalized, timestamp settled, text bounded, group and
 * user key worked out. Only the identity (event id, project, timestamp) and
 * the whole event's size reject it; any other field over a bound is
 * shortened or dropped and the change reported. `replacedOnTheWire` holds the
 * strings of the request that were not UTF-8 (decoded with U+FFFD), so the
 * fields holding them are reported. Pure: the receive time is passed in.
 */
export function normalizeEvent(
  event: Event,
  receivedAt: Date,
  limits: EventLimits,
  replacedOnTheWire: ReadonlySet<string> = new Set(),
): NormalizeResult {
  try {
    return { ok: true, event: normalizeOrThrow(event, receivedAt, limits, replacedOnTheWire) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, field: error.field, reason: error.reason };
    throw error;
  }
}

function normalizeOrThrow(
  event: Event,
  receivedAt: Date,
  limits: EventLimits,
  replacedOnTheWire: ReadonlySet<string>,
): NormalizedEvent {
  const parsedId = parseEventId(event.eventId);
  if (!parsedId.ok) throw new Rejected('event_id', parsedId.reason);
  const projectId = projectIdOf(event.projectId);
  const timestamp = timestampOf(event.timestamp, receivedAt, limits);
  const level = levelOf(event.level);
  const text = new TextNormalizer(replacedOnTheWire);
  const bounded = text.text.bind(text);
  const fingerprint = fingerprintOf(event.fingerprint, limits, text);
  const tags = tagsOf(event.tags, limits, text);
  const user = {
    id: bounded('user.id', event.user?.id ?? '', limits.userFieldChars),
    email: bounded('user.email', event.user?.email ?? '', limits.userFieldChars),
    username: bounded('user.username', event.user?.username ?? '', limits.userFieldChars),
    ipAddress: bounded('user.ip_address', event.user?.ipAddress ?? '', limits.userFieldChars),
  };
  const message = bounded('message', event.message, limits.messageChars);
  const exception = exceptionOf('exception', event.exception, limits, text);
  const causes = causesOf(event.causes, limits, text);
  const grouping = {
    fingerprint,
    exceptionType: exception.type,
    exceptionValue: exception.value,
    frames: exception.stacktrace?.frames ?? [],
    message,
  };
  const normalized: NormalizedEvent = {
    projectId,
    eventId: parsedId.eventId,
    day: utcDay(timestamp),
    timestamp,
    receivedAt,
    groupId: groupIdOf(grouping),
    level,
    platform: bounded('platform', event.platform, limits.platformChars),
    message,
    culprit: bounded('culprit', event.culprit, limits.culpritChars),
    environment: bounded('environment', event.environment, limits.environmentChars),
    release: bounded('release', event.release, limits.releaseChars),
    fingerprint,
    tags,
    user,
    userKey: userKeyOf(user),
    exceptionType: exception.type,
    exceptionValue: exception.value,
    exceptionStacktrace: exception.stacktrace,
    causes,
    title: groupTitleOf(grouping),
    normalizations: reported(text.changes),
  };
  if (text.totalBytes > limits.eventBytes) {
    throw new Rejected('event', `is ${text.totalBytes} bytes, over the limit of ${limits.eventBytes}`);
  }
  return normalized;
}

function reported(changes: readonly Normalization[]): Normalization[] {
  if (changes.length <= MAX_REPORTED_CHANGES) return [...changes];
  const listed = changes.slice(0, MAX_REPORTED_CHANGES - 1);
  const more = changes.length - listed.length;
  return [...listed, { field: 'event', action: 'DROPPED', detail: `${more} more changes not listed` }];
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

function fingerprintOf(fingerprint: readonly string[], limits: EventLimits, text: TextNormalizer): string[] {
  const kept = fingerprint.slice(0, limits.fingerprintEntries);
  if (kept.length < fingerprint.length) {
    text.record(
      'fingerprint',
      'DROPPED',
      `kept the first ${limits.fingerprintEntries} of ${fingerprint.length} entries`,
    );
  }
  return kept.map((entry, i) => text.text(`fingerprint[${i}]`, entry, limits.fingerprintEntryChars));
}

/**
 * Tags with a key Sentry would refuse are dropped (a shortened or repaired
 * key would be another tag); of the rest, the first `tagCount` in key order
 * are kept, so which ones stay does not depend on the order on the wire.
 */
function tagsOf(
  tags: Readonly<Record<string, string>>,
  limits: EventLimits,
  text: TextNormalizer,
): Record<string, string> {
  const valid: [string, string][] = [];
  for (const [key, value] of Object.entries(tags)) {
    // The path names the key as sent, but bounded and NUL-free: it is stored (jsonb cannot hold U+0000).
    const field = `tags[${shortenToChars(key, 64).replaceAll('\u0000', '\uFFFD')}]`;
    if (key.length === 0 || countChars(key) > limits.tagKeyChars) {
      text.record(field, 'DROPPED', `key must be 1 to ${limits.tagKeyChars} characters`);
    } else if (!TAG_KEY.test(key)) {
      const notUtf8 = text.wasReplacedOnTheWire(key) ? ' (its bytes were not UTF-8)' : '';
      text.record(field, 'DROPPED', `key may hold only letters, digits, "_", ".", ":" and "-"${notUtf8}`);
    } else {
      valid.push([key, value]);
    }
  }
  valid.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const kept = valid.slice(0, limits.tagCount);
  for (const [key] of valid.slice(limits.tagCount)) {
    text.record(`tags[${key}]`, 'DROPPED', `over the limit of ${limits.tagCount} tags`);
  }
  return Object.fromEntries(
    kept.map(([key, value]) => {
      text.count(key);
      return [key, text.text(`tags[${key}]`, value, limits.tagValueChars)];
    }),
  );
}

function causesOf(causes: readonly Exception[], limits: EventLimits, text: TextNormalizer): StoredException[] {
  const kept = causes.slice(0, limits.causes);
  if (kept.length < causes.length) {
    text.record('causes', 'DROPPED', `kept the first ${limits.causes} of ${causes.length} causes`);
  }
  return kept.map((cause, i) => exceptionOf(`causes[${i}]`, cause, limits, text));
}

function exceptionOf(
  field: string,
  exception: Exception | undefined,
  limits: EventLimits,
  text: TextNormalizer,
): StoredException {
  return {
    type: text.text(`${field}.type`, exception?.type ?? '', limits.exceptionTypeChars),
    value: text.text(`${field}.value`, exception?.value ?? '', limits.exceptionValueChars),
    stacktrace: exception?.stacktrace ? stacktraceOf(`${field}.stacktrace`, exception.stacktrace, limits, text) : null,
  };
}

/** Over the bound, frames are dropped from the middle: the entry point and the raise are what people read. */
function stacktraceOf(
  field: string,
  stacktrace: Stacktrace,
  limits: EventLimits,
  text: TextNormalizer,
): StoredStacktrace {
  const all = stacktrace.frames;
  // The indexes (as sent) of the frames kept, so a reported path points at what the caller sent.
  let kept = all.map((_, i) => i);
  if (all.length > limits.stackFrames) {
    const head = Math.floor(limits.stackFrames / 2);
    const tail = limits.stackFrames - head;
    kept = [...kept.slice(0, head), ...kept.slice(all.length - tail)];
    text.record(
      `${field}.frames`,
      'DROPPED',
      `dropped ${all.length - kept.length} of ${all.length} frames from the middle, kept the first ${head} and the last ${tail}`,
    );
  }
  return {
    frames: kept.map((index) => {
      const frame = all[index] as StackFrame;
      const path = `${field}.frames[${index}]`;
      return {
        module: text.text(`${path}.module`, frame.module, limits.frameFieldChars),
        filename: text.text(`${path}.filename`, frame.filename, limits.frameFieldChars),
        function: text.text(`${path}.function`, frame.function, limits.frameFieldChars),
        lineno: frame.lineno,
        inApp: frame.inApp,
      };
    }),
  };
}
