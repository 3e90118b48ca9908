// What GetEventStats and GetEventAggregates should answer, worked out in the
// test from a plain list of stored events (behaviour.md §3), independently of
// the service's counters and SQL.
import { Level, type Event } from '@vigil/contracts/ingest';

/** The parts of a stored event that statistics look at. */
export interface CountedEvent {
  readonly projectId: string;
  readonly groupId: string;
  readonly timestampMs: number;
  readonly level: Level;
  readonly environment: string;
  readonly release: string;
  readonly platform: string;
  readonly userId: string;
  readonly tags: Readonly<Record<string, string>>;
  /** First of id, email, username, ip address, with its kind; null = no user. */
  readonly userKey: string | null;
}

export interface Selection {
  readonly projectIds: readonly string[];
  readonly groupIds?: readonly string[];
  /** Space-separated `[!]key:value` terms with plain values (the oracle does not read quotes). */
  readonly query?: string;
  readonly startMs: number;
  readonly endMs: number;
}

export function countedEvent(event: Event, groupId: string): CountedEvent {
  const user = event.user ?? { id: '', email: '', username: '', ipAddress: '' };
  const [kind, value] =
    user.id !== ''
      ? ['id', user.id]
      : user.email !== ''
        ? ['email', user.email]
        : user.username !== ''
          ? ['username', user.username]
          : ['ip', user.ipAddress];
  return {
    projectId: event.projectId,
    groupId,
    timestampMs: event.timestamp?.getTime() ?? Number.NaN,
    level: event.level === Level.UNSPECIFIED ? Level.ERROR : event.level,
    environment: event.environment,
    release: event.release,
    platform: event.platform,
    userId: user.id,
    tags: event.tags,
    userKey: value === '' ? null : `${kind}:${value}`,
  };
}

const LEVEL_NAMES: Readonly<Record<string, Level>> = {
  fatal: Level.FATAL,
  error: Level.ERROR,
  warning: Level.WARNING,
  info: Level.INFO,
  debug: Level.DEBUG,
};

function fieldValue(event: CountedEvent, key: string): string | undefined {
  switch (key) {
    case 'level':
      return Object.keys(LEVEL_NAMES).find((name) => LEVEL_NAMES[name] === event.level);
    case 'environment':
    case 'release':
    case 'platform':
      return event[key];
    case 'user.id':
      return event.userId;
    default: {
      const tag = /^tags\[(.+)\]$/.exec(key)?.[1] ?? key;
      return event.tags[tag];
    }
  }
}

function matchesQuery(event: CountedEvent, query: string): boolean {
  return query
    .split(' ')
    .filter(Boolean)
    .every((term) => {
      const negated = term.startsWith('!');
      const [key = '', value] = (negated ? term.slice(1) : term).split(/:(.*)/s);
      return (fieldValue(event, key) === value) !== negated;
    });
}

function selected(events: readonly CountedEvent[], s: Selection): CountedEvent[] {
  return events.filter(
    (e) =>
      s.projectIds.includes(e.projectId) &&
      (s.groupIds === undefined || s.groupIds.length === 0 || s.groupIds.includes(e.groupId)) &&
      e.timestampMs >= s.startMs &&
      e.timestampMs < s.endMs &&
      matchesQuery(e, s.query ?? ''),
  );
}

const distinctUsers = (events: readonly CountedEvent[]) =>
  new Set(events.flatMap((e) => (e.userKey === null ? [] : [e.userKey]))).size;

/** The buckets as [start ms, value] pairs: epoch-aligned, covering [start, end), empty ones 0. */
export function expectedSeries(
  events: readonly CountedEvent[],
  s: Selection & { readonly rollupSeconds: number; readonly uniqueUsers?: boolean },
): [number, number][] {
  const rollupMs = s.rollupSeconds * 1000;
  const first = Math.floor(s.startMs / rollupMs) * rollupMs;
  const inBucket: CountedEvent[][] = [];
  for (let t = first; t < s.endMs; t += rollupMs) inBucket.push([]);
  for (const e of selected(events, s)) inBucket[Math.floor((e.timestampMs - first) / rollupMs)]?.push(e);
  return inBucket.map((bucket, i) => [
    first + i * rollupMs,
    s.uniqueUsers === true ? distinctUsers(bucket) : bucket.length,
  ]);
}

export function expectedAggregates(
  events: readonly CountedEvent[],
  s: Selection,
): { eventCount: string; uniqueUsers: string } {
  const inRange = selected(events, s);
  return { eventCount: String(inRange.length), uniqueUsers: String(distinctUsers(inRange)) };
}
