// Bad inputs, each with the exact status it gets, a message naming the
// field (or query term), and proof that nothing was written.
import { status } from '@grpc/grpc-js';
import { Aggregation, GetEventStatsRequest, IngestServiceService, Level, type Event } from '@vigil/contracts/ingest';
import { beforeAll, describe, expect, it } from 'vitest';
import { grpcError, type IngestApi } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import {
  callRaw,
  storeEventWithRawProjectId,
  storeEventWithRawTimestamp,
  withRawTimestamp,
} from './raw-store-event.js';
import { storedEventCount } from './recount.js';
import { at, DAY, eventIdOf, HOUR, MINUTE, T0 } from './test-events.js';

const MAX_BATCH_EVENTS = 50;
const ingest = useIngest({ RETENTION_DAYS: '90', MAX_BATCH_EVENTS: String(MAX_BATCH_EVENTS) });
const PROJECT = '1';

let next = 1000;
/** A valid event, received now; every row below changes one thing. */
function valid(overrides: Partial<Event> = {}): Event {
  return {
    eventId: eventIdOf(next++),
    projectId: PROJECT,
    timestamp: undefined,
    level: Level.ERROR,
    platform: 'node',
    message: 'm',
    culprit: '',
    environment: '',
    release: '',
    fingerprint: [],
    tags: {},
    user: undefined,
    exception: undefined,
    ...overrides,
  };
}

const manyTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
// Every field near its own bound, together over the 32 KiB bound of the whole event.
const bulky = (): Event =>
  valid({
    message: 'm'.repeat(8000),
    culprit: 'c'.repeat(1000),
    environment: 'e'.repeat(256),
    release: 'r'.repeat(256),
    exception: { type: 'T', value: 'v'.repeat(4000) },
    fingerprint: Array.from({ length: 16 }, (_, i) => `${i}`.padEnd(500, 'f')),
    tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key${i}`.padEnd(32, 'k'), 'v'.repeat(200)])),
  });

interface BadInput {
  readonly name: string;
  readonly call: (api: IngestApi) => Promise<unknown>;
  readonly code: status;
  /** Texts the error message must contain: the field, or the query and the position of the term. */
  readonly names: readonly string[];
}

const storing = (event: Event) => (api: IngestApi) => api.storeEvent(event);
const stats = (request: Partial<GetEventStatsRequest>) => (api: IngestApi) =>
  api.getEventStats({ projectIds: [PROJECT], start: at(T0), end: at(T0 + HOUR), rollupSeconds: 60, ...request });

const BAD_STORES: BadInput[] = [
  {
    name: 'event id with a non-hex digit',
    call: storing(valid({ eventId: 'g'.repeat(32) })),
    code: status.INVALID_ARGUMENT,
    names: ['event.event_id'],
  },
  {
    name: 'event id of 31 digits',
    call: storing(valid({ eventId: 'a'.repeat(31) })),
    code: status.INVALID_ARGUMENT,
    names: ['event.event_id', '31'],
  },
  {
    name: 'event id in braces',
    call: storing(valid({ eventId: '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}' })),
    code: status.INVALID_ARGUMENT,
    names: ['event.event_id'],
  },
  {
    name: 'event id with misplaced dashes',
    call: storing(valid({ eventId: '6ba7b8109-dad-11d1-80b4-00c04fd430c8' })),
    code: status.INVALID_ARGUMENT,
    names: ['event.event_id'],
  },
  {
    name: 'empty event id',
    call: storing(valid({ eventId: '' })),
    code: status.INVALID_ARGUMENT,
    names: ['event.event_id'],
  },
  { name: 'no event at all', call: (api) => callWithoutEvent(api), code: status.INVALID_ARGUMENT, names: ['event'] },
  {
    name: 'missing project (0)',
    call: storing(valid({ projectId: '0' })),
    code: status.INVALID_ARGUMENT,
    names: ['event.project_id'],
  },
  {
    name: 'negative project',
    call: storing(valid({ projectId: '-7' })),
    code: status.INVALID_ARGUMENT,
    names: ['event.project_id'],
  },
  {
    name: 'project past int64 (arrives as a negative int64)',
    call: (api) => storeEventWithRawProjectId(api.client, valid(), 2n ** 63n),
    code: status.INVALID_ARGUMENT,
    names: ['event.project_id'],
  },
  {
    name: 'timestamp nanos past 999,999,999 (the generated decoder would add 1.5 s)',
    call: (api) =>
      storeEventWithRawTimestamp(api.client, valid(), { seconds: Math.floor(Date.now() / 1000), nanos: 1_500_000_000 }),
    code: status.INVALID_ARGUMENT,
    names: ['event.timestamp', 'nanos'],
  },
  {
    name: 'message over 8 KiB',
    call: storing(valid({ message: 'x'.repeat(8 * 1024 + 1) })),
    code: status.INVALID_ARGUMENT,
    names: ['event.message'],
  },
  {
    name: 'message over 8 KiB in UTF-8 bytes, not characters',
    call: storing(valid({ message: '€'.repeat(3000) })),
    code: status.INVALID_ARGUMENT,
    names: ['event.message', '9000 bytes'],
  },
  {
    name: 'tag value over its bound',
    call: storing(valid({ tags: { browser: 'v'.repeat(201) } })),
    code: status.INVALID_ARGUMENT,
    names: ['event.tags[browser]'],
  },
  {
    name: 'tag key over its bound',
    call: storing(valid({ tags: { ['k'.repeat(33)]: 'v' } })),
    code: status.INVALID_ARGUMENT,
    names: [`event.tags[${'k'.repeat(33)}]`],
  },
  {
    name: 'tag key the query language cannot name',
    call: storing(valid({ tags: { 'a b': 'v' } })),
    code: status.INVALID_ARGUMENT,
    names: ['event.tags[a b]'],
  },
  {
    name: 'too many tags',
    call: storing(valid({ tags: manyTags(51) })),
    code: status.INVALID_ARGUMENT,
    names: ['event.tags', '51'],
  },
  {
    name: 'too many fingerprint entries',
    call: storing(valid({ fingerprint: Array.from({ length: 17 }, (_, i) => `f${i}`) })),
    code: status.INVALID_ARGUMENT,
    names: ['event.fingerprint', '17'],
  },
  {
    name: 'fingerprint entry over its bound',
    call: storing(valid({ fingerprint: ['ok', 'f'.repeat(513)] })),
    code: status.INVALID_ARGUMENT,
    names: ['event.fingerprint[1]'],
  },
  {
    name: 'user email over its bound',
    call: storing(valid({ user: { id: '', email: 'e'.repeat(257), username: '', ipAddress: '' } })),
    code: status.INVALID_ARGUMENT,
    names: ['event.user.email'],
  },
  {
    name: 'whole event over 32 KiB',
    call: storing(bulky()),
    code: status.INVALID_ARGUMENT,
    names: ['event', 'over the limit of 32768'],
  },
  {
    name: 'unknown level',
    call: storing(valid({ level: 9 as Level })),
    code: status.INVALID_ARGUMENT,
    names: ['event.level'],
  },
  {
    name: 'timestamp older than the retention',
    call: storing(valid({ timestamp: new Date(Date.now() - 91 * DAY) })),
    code: status.INVALID_ARGUMENT,
    names: ['event.timestamp', '90 days'],
  },
  {
    name: 'request over the gRPC maximum message size',
    call: storing(valid({ message: 'x'.repeat(5 * 1024 * 1024) })),
    code: status.RESOURCE_EXHAUSTED,
    names: [],
  },
  {
    name: 'a batch over MAX_BATCH_EVENTS (every item valid)',
    call: (api) => api.storeEvents(Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => valid())),
    code: status.INVALID_ARGUMENT,
    names: ['events', String(MAX_BATCH_EVENTS + 1)],
  },
];

const BAD_READS: BadInput[] = [
  {
    name: 'GetEvent: bad event id',
    call: (api) => api.getEvent({ projectId: PROJECT, eventId: 'xyz' }),
    code: status.INVALID_ARGUMENT,
    names: ['event_id'],
  },
  {
    name: 'GetEvent: missing project',
    call: (api) => api.getEvent({ projectId: '0', eventId: eventIdOf(1) }),
    code: status.INVALID_ARGUMENT,
    names: ['project_id'],
  },
  {
    name: 'GetGroup: negative project',
    call: (api) => api.getGroup('-1', 'a'.repeat(32)),
    code: status.INVALID_ARGUMENT,
    names: ['project_id'],
  },
  {
    name: 'ListGroups: missing project',
    call: (api) => api.listGroups({ projectId: '0' }),
    code: status.INVALID_ARGUMENT,
    names: ['project_id'],
  },
  {
    name: 'ListGroups: negative page size',
    call: (api) => api.listGroups({ projectId: PROJECT, pageSize: -2 }),
    code: status.INVALID_ARGUMENT,
    names: ['page_size'],
  },
  {
    name: 'GetGroup: a NUL in the group id (once UNAVAILABLE)',
    call: (api) => api.getGroup(PROJECT, 'a'.repeat(31) + '\u0000'),
    code: status.INVALID_ARGUMENT,
    names: ['group_id'],
  },
  {
    name: 'GetEvent: a timestamp in year 10000 (once INTERNAL)',
    call: (api) =>
      api.getEvent({ projectId: PROJECT, eventId: eventIdOf(1), timestamp: new Date('+010000-01-01T00:00:00Z') }),
    code: status.INVALID_ARGUMENT,
    names: ['timestamp'],
  },
  {
    name: 'ListGroups: bad page token',
    call: (api) => api.listGroups({ projectId: PROJECT, pageToken: '%%%' }),
    code: status.INVALID_ARGUMENT,
    names: ['page_token'],
  },
];

const BAD_STATS: BadInput[] = [
  {
    name: 'negative start nanos',
    call: (api) => {
      const request = GetEventStatsRequest.encode(
        GetEventStatsRequest.fromPartial({ projectIds: [PROJECT], end: at(T0 + HOUR), rollupSeconds: 60 }),
      ).finish();
      // start is field 5.
      const withStart = withRawTimestamp(request, 5, { seconds: T0 / 1000, nanos: -1 });
      return callRaw(api.client, IngestServiceService.getEventStats.path, withStart);
    },
    code: status.INVALID_ARGUMENT,
    names: ['start', 'nanos'],
  },
  { name: 'no project_ids', call: stats({ projectIds: [] }), code: status.INVALID_ARGUMENT, names: ['project_ids'] },
  {
    name: 'project id 0',
    call: stats({ projectIds: [PROJECT, '0'] }),
    code: status.INVALID_ARGUMENT,
    names: ['project_ids[1]'],
  },
  {
    name: 'negative project id',
    call: stats({ projectIds: ['-4'] }),
    code: status.INVALID_ARGUMENT,
    names: ['project_ids[0]'],
  },
  {
    name: 'group id not 32 hex digits',
    call: stats({ groupIds: ['xyz'] }),
    code: status.INVALID_ARGUMENT,
    names: ['group_ids[0]'],
  },
  {
    name: 'group id in upper case',
    call: stats({ groupIds: ['a'.repeat(32), 'A'.repeat(32)] }),
    code: status.INVALID_ARGUMENT,
    names: ['group_ids[1]'],
  },
  {
    name: 'query: a key that looks like a field',
    call: stats({ query: 'Level:error' }),
    code: status.INVALID_ARGUMENT,
    names: ['query', '"Level"', 'position 0'],
  },
  {
    name: 'query: an unknown user key',
    call: stats({ query: 'level:error user.email:x' }),
    code: status.INVALID_ARGUMENT,
    names: ['query', 'user.email', 'position 12'],
  },
  {
    name: 'query: a bad level',
    call: stats({ query: 'release:1 level:wat' }),
    code: status.INVALID_ARGUMENT,
    names: ['query', '"wat"', 'position 16'],
  },
  {
    name: 'query: an unterminated quote',
    call: stats({ query: 'environment:"prod' }),
    code: status.INVALID_ARGUMENT,
    names: ['query', 'unterminated quote', 'position 12'],
  },
  {
    name: 'query: a term without a key',
    call: stats({ query: 'level:error oops' }),
    code: status.INVALID_ARGUMENT,
    names: ['query', '"oops"', 'position 12'],
  },
  {
    name: 'query: a NUL in a tag value (once INTERNAL)',
    call: stats({ query: 'browser:a\u0000' }),
    code: status.INVALID_ARGUMENT,
    names: ['query', 'NUL'],
  },
  {
    name: 'range: a start before year 1 (once INTERNAL)',
    call: stats({ start: new Date('0000-06-01T00:00:00Z') }),
    code: status.INVALID_ARGUMENT,
    names: ['start', '0001-01-01'],
  },
  {
    name: 'range: start after end',
    call: stats({ start: at(T0 + HOUR), end: at(T0) }),
    code: status.INVALID_ARGUMENT,
    names: ['end', 'after start'],
  },
  {
    name: 'range: start equal to end',
    call: stats({ start: at(T0), end: at(T0) }),
    code: status.INVALID_ARGUMENT,
    names: ['end', 'after start'],
  },
  {
    name: 'range: no start',
    call: stats({ start: undefined }),
    code: status.INVALID_ARGUMENT,
    names: ['start', 'required'],
  },
  { name: 'range: no end', call: stats({ end: undefined }), code: status.INVALID_ARGUMENT, names: ['end', 'required'] },
  { name: 'rollup 0', call: stats({ rollupSeconds: 0 }), code: status.INVALID_ARGUMENT, names: ['rollup_seconds'] },
  {
    name: 'negative rollup',
    call: stats({ rollupSeconds: -60 }),
    code: status.INVALID_ARGUMENT,
    names: ['rollup_seconds'],
  },
  {
    name: 'too many buckets',
    call: stats({ end: at(T0 + 365 * DAY), rollupSeconds: 60 }),
    code: status.INVALID_ARGUMENT,
    names: ['rollup_seconds', 'buckets'],
  },
  {
    name: 'unknown aggregation',
    call: stats({ aggregation: 9 as Aggregation }),
    code: status.INVALID_ARGUMENT,
    names: ['aggregation'],
  },
  {
    name: 'aggregates: no project_ids',
    call: (api) => api.getEventAggregates({ start: at(T0), end: at(T0 + MINUTE) }),
    code: status.INVALID_ARGUMENT,
    names: ['project_ids'],
  },
  {
    name: 'aggregates: bad query',
    call: (api) =>
      api.getEventAggregates({ projectIds: [PROJECT], query: 'level:"', start: at(T0), end: at(T0 + MINUTE) }),
    code: status.INVALID_ARGUMENT,
    names: ['query', 'position 6'],
  },
  {
    name: 'aggregates: start after end',
    call: (api) => api.getEventAggregates({ projectIds: [PROJECT], start: at(T0 + MINUTE), end: at(T0) }),
    code: status.INVALID_ARGUMENT,
    names: ['end'],
  },
];

function callWithoutEvent(api: IngestApi): Promise<unknown> {
  return new Promise((resolve, reject) => {
    api.client.storeEvent({ event: undefined }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

/** Everything ingest keeps: a write anywhere changes one of these. */
async function storedState(): Promise<string> {
  const { sql } = ingest();
  const { rows } = await sql.query(
    `SELECT (SELECT count(*) FROM ingest_event) AS events,
            (SELECT coalesce(sum(times_seen), 0) FROM ingest_group) AS seen,
            (SELECT count(*) FROM ingest_group) AS groups,
            (SELECT coalesce(sum(events), 0) FROM ingest_minute_count) AS minutes`,
  );
  return JSON.stringify(rows[0]);
}

beforeAll(async () => {
  // Something stored already, so "unchanged" is not "empty".
  const { api } = ingest();
  await api.storeEvents([valid(), valid({ fingerprint: ['x'] }), valid({ level: Level.INFO })]);
});

describe.each([
  ['StoreEvent / StoreEvents', BAD_STORES],
  ['GetEvent / GetGroup / ListGroups', BAD_READS],
  ['GetEventStats / GetEventAggregates', BAD_STATS],
])('%s', (_, rows) => {
  it.each(rows)('$name → $code', async ({ call, code, names }) => {
    const before = await storedState();
    const error = await grpcError(call(ingest().api));
    expect(status[error.code]).toBe(status[code]);
    for (const text of names) expect(error.details).toContain(text);
    expect(await storedState()).toBe(before);
  });
});

describe('the same bad events in a batch', () => {
  it('are rejected one by one, naming the field, while the valid item beside them is stored', async () => {
    const { api, sql } = ingest();
    const bad = [
      valid({ eventId: 'a'.repeat(31) }),
      valid({ projectId: '0' }),
      valid({ tags: manyTags(51) }),
      valid({ fingerprint: Array.from({ length: 17 }, (_, i) => `f${i}`) }),
      valid({ timestamp: new Date(Date.now() - 91 * DAY) }),
      bulky(),
    ];
    const good = valid();
    const before = await storedEventCount(sql);
    const { results } = await api.storeEvents([...bad, good]);
    expect(results.map((r) => r.rejection?.field)).toEqual([
      'event_id',
      'project_id',
      'tags',
      'fingerprint',
      'timestamp',
      'event',
      undefined,
    ]);
    expect(await storedEventCount(sql)).toBe(before + 1);
    await expect(api.getEvent({ projectId: PROJECT, eventId: good.eventId })).resolves.toBeDefined();
  });
});
