// A Sentry event payload (https://develop.sentry.dev/sdk/data-model/event-payloads/)
// → vigil.ingest.v1.Event. Pure: the relay's only knowledge of Sentry's
// event fields. Values are passed on as sent, never shortened here: ingest
// owns the bounds, and a value over one is ingest's answer to give.
//
// The exception chain and stack traces:
// - exception.values[] is ordered oldest to newest: the LAST value is the
//   outermost (thrown) exception and maps to Event.exception; the ones before
//   it, read from the second-last back to the first, are its causes
//   (Event.causes, nearest cause first).
// - exception.values[i].stacktrace.frames[] is ordered caller first, the
//   frame that threw last, the order Vigil's Stacktrace keeps; each frame's
//   `module`, `filename` (else `abs_path`), `function`, `lineno` and `in_app`
//   map to one StackFrame.
// Everything else (contexts, breadcrumbs, request, extra, sdk, modules) is
// dropped: nothing in Vigil reads it.
import { Level, type Event, type Exception, type StackFrame, type User } from '@vigil/contracts/ingest';

/** An event item the relay cannot turn into an event at all; `message` names the field. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

interface MappingContext {
  /** The project of the URL the event was sent to (the payload's own `project` is not trusted). */
  readonly projectId: string;
  /** The envelope header's `event_id`, used when the payload has none. */
  readonly envelopeEventId?: string | undefined;
}

const LEVELS: Readonly<Record<string, Level>> = {
  fatal: Level.FATAL,
  error: Level.ERROR,
  warning: Level.WARNING,
  // Old SDKs send "warn" and "log"; Sentry reads them as warning and info.
  warn: Level.WARNING,
  info: Level.INFO,
  log: Level.INFO,
  debug: Level.DEBUG,
};

export function sentryEventToVigil(payload: unknown, { projectId, envelopeEventId }: MappingContext): Event {
  if (!isObject(payload)) throw new MalformedEventError('the event is not a JSON object');
  const [exception, ...causes] = exceptionChain(payload['exception']);
  return {
    eventId: eventIdOf(payload['event_id'], envelopeEventId),
    projectId,
    timestamp: timestampOf(payload['timestamp']),
    level: LEVELS[text(payload['level']).toLowerCase()] ?? Level.UNSPECIFIED,
    platform: text(payload['platform']),
    message: messageOf(payload),
    // `culprit` is deprecated in Sentry's protocol; SDKs send `transaction`.
    culprit: text(payload['transaction']) || text(payload['culprit']),
    environment: text(payload['environment']),
    release: text(payload['release']),
    fingerprint: Array.isArray(payload['fingerprint']) ? payload['fingerprint'].map(scalarText) : [],
    tags: tagsOf(payload['tags']),
    user: userOf(payload['user']),
    exception,
    causes,
  };
}

function eventIdOf(value: unknown, envelopeEventId: string | undefined): string {
  const own = typeof value === 'string' && value !== '' ? value : undefined;
  if (own !== undefined && envelopeEventId !== undefined && !sameId(own, envelopeEventId)) {
    throw new MalformedEventError(`event_id ${own} differs from the envelope header's ${envelopeEventId}`);
  }
  const id = own ?? envelopeEventId;
  // Without an id a resent event could not be told from a new one: it would be counted twice.
  if (id === undefined) throw new MalformedEventError('event_id is missing');
  return id;
}

function sameId(a: string, b: string): boolean {
  return a.replaceAll('-', '').toLowerCase() === b.replaceAll('-', '').toLowerCase();
}

/** Seconds since the epoch (a float) or an RFC 3339 string; anything else is "not given" (ingest uses the receive time). */
function timestampOf(value: unknown): Date | undefined {
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** `logentry` (or the older `message`), a string or `{ formatted, message }`: the formatted text first. */
function messageOf(payload: Record<string, unknown>): string {
  for (const candidate of [payload['logentry'], payload['message']]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
    if (isObject(candidate)) {
      const found = text(candidate['formatted']) || text(candidate['message']);
      if (found !== '') return found;
    }
  }
  return '';
}

/** `{ key: value }` or `[[key, value], …]`; a tag without a value carries nothing and is left out. */
function tagsOf(value: unknown): Record<string, string> {
  const pairs: unknown[][] = Array.isArray(value)
    ? value.filter((pair): pair is unknown[] => Array.isArray(pair) && pair.length === 2)
    : isObject(value)
      ? Object.entries(value)
      : [];
  const tags: Record<string, string> = {};
  for (const [key, tagValue] of pairs) {
    if (tagValue === null || tagValue === undefined) continue;
    tags[scalarText(key)] = scalarText(tagValue);
  }
  return tags;
}

function userOf(value: unknown): User | undefined {
  if (!isObject(value)) return undefined;
  const user: User = {
    id: scalarOrEmpty(value['id']),
    email: text(value['email']),
    username: text(value['username']),
    // "{{auto}}" asks Sentry to fill in the sender's address; the relay does not (see docs/decisions.md).
    ipAddress: text(value['ip_address']) === '{{auto}}' ? '' : text(value['ip_address']),
  };
  return Object.values(user).some((field) => field !== '') ? user : undefined;
}

/**
 * `exception.values` (or a bare list, an older form), the outermost (the one
 * thrown, sent last) first, then its causes from the nearest; values with
 * nothing in them are left out.
 */
function exceptionChain(value: unknown): Exception[] {
  const values: unknown = isObject(value) ? value['values'] : value;
  if (!Array.isArray(values)) return [];
  return values
    .filter(isObject)
    .map(exceptionOf)
    .filter((exception) => exception.type !== '' || exception.value !== '' || exception.stacktrace !== undefined)
    .reverse();
}

function exceptionOf(value: Record<string, unknown>): Exception {
  const stacktrace = value['stacktrace'];
  const frames = isObject(stacktrace) && Array.isArray(stacktrace['frames']) ? stacktrace['frames'] : [];
  return {
    type: text(value['type']),
    value: text(value['value']),
    stacktrace: frames.length > 0 ? { frames: frames.filter(isObject).map(frameOf) } : undefined,
  };
}

function frameOf(frame: Record<string, unknown>): StackFrame {
  const lineno = frame['lineno'];
  return {
    module: text(frame['module']),
    filename: text(frame['filename']) || text(frame['abs_path']),
    function: text(frame['function']),
    lineno: typeof lineno === 'number' && Number.isInteger(lineno) && lineno > 0 && lineno <= 0xffffffff ? lineno : 0,
    inApp: frame['in_app'] === true,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function scalarOrEmpty(value: unknown): string {
  return value === null || value === undefined ? '' : scalarText(value);
}

/** Numbers and booleans as Sentry shows them; objects as JSON. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
