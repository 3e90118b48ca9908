// Generated bad requests over every IngestService RPC's fields, against the
// real service and PostgreSQL (fast-check, seeded): each is answered
// INVALID_ARGUMENT naming a field — never OK, UNKNOWN, INTERNAL or
// UNAVAILABLE — and leaves every table as it was. StoreEvents refuses bad
// items one by one (OK, each with its rejection), so its property asks that.
import {
  Aggregation,
  GetEventAggregatesRequest,
  GetEventRequest,
  GetEventStatsRequest,
  GetGroupRequest,
  ListGroupsRequest,
  type Event,
} from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import {
  anySpoiler,
  BAD_REQUEST_RUNS,
  badValues,
  databaseFingerprint,
  expectCallersMistake,
  expectWellFormed,
  type Spoiler,
} from '@vigil/testing';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useIngest } from './ingest-harness.js';
import { at, eventIdOf, HOUR, T0, testEvent } from './test-events.js';

const ingest = useIngest({ RETENTION_DAYS: '90' });
const PROJECT = '1';
let next = 5000;
const validEvent = (): Event => testEvent({ projectId: PROJECT, eventId: eventIdOf(next++), timestamp: new Date() });
const GROUP = 'a'.repeat(32);

beforeAll(async () => {
  // Something stored already, so "unchanged" is not "empty".
  await ingest().api.storeEvents([validEvent(), validEvent()]);
});

const eventSpoilers: Spoiler<Event>[] = [
  { field: 'event_id', spoil: fc.record({ eventId: fc.oneof(badValues.textWithNul, fc.string({ maxLength: 31 })) }) },
  { field: 'project_id', spoil: fc.record({ projectId: badValues.positiveInt64 }) },
  { field: 'timestamp', spoil: fc.record({ timestamp: badValues.timestamp }) },
  { field: 'level', spoil: fc.record({ level: badValues.unknownEnum }) },
  { field: 'message', spoil: fc.record({ message: badValues.textWithNul }) },
  { field: 'platform', spoil: fc.record({ platform: badValues.textWithNul }) },
  { field: 'environment', spoil: fc.record({ environment: badValues.textWithNul }) },
  { field: 'release', spoil: fc.record({ release: badValues.textWithNul }) },
  { field: 'fingerprint', spoil: fc.record({ fingerprint: badValues.textWithNul.map((f) => [f]) }) },
  { field: 'tags', spoil: fc.record({ tags: badValues.textWithNul.map((v) => ({ browser: v })) }) },
  {
    field: 'user',
    spoil: fc.record({ user: badValues.textWithNul.map((id) => ({ id, email: '', username: '', ipAddress: '' })) }),
  },
  {
    field: 'exception',
    spoil: fc.record({ exception: badValues.textWithNul.map((type) => ({ type, value: 'v' })) }),
  },
];

const selection = { projectIds: [PROJECT], start: at(T0), end: at(T0 + HOUR) };
const selectionSpoilers: Spoiler<GetEventAggregatesRequest>[] = [
  { field: 'project_ids', spoil: fc.record({ projectIds: badValues.positiveInt64.map((id) => [PROJECT, id]) }) },
  {
    field: 'group_ids',
    spoil: fc.record({ groupIds: fc.oneof(badValues.textWithNul, fc.string({ maxLength: 31 })).map((g) => [g]) }),
  },
  { field: 'query', spoil: fc.record({ query: badValues.textWithNul }) },
  { field: 'start', spoil: fc.record({ start: badValues.timestamp }) },
  { field: 'end', spoil: fc.record({ end: badValues.timestamp }) },
];

/** Asks `property` of every generated request: refused as the caller's mistake, nothing written. */
async function refusedAndUnwritten<Request>(
  spoilers: readonly Spoiler<Request>[],
  call: (change: Partial<Request>) => Promise<unknown>,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(anySpoiler(spoilers), async ([, change]) => {
      const before = await databaseFingerprint(ingest().sql);
      await expectCallersMistake(call(change));
      expect(await databaseFingerprint(ingest().sql)).toBe(before);
    }),
    BAD_REQUEST_RUNS,
  );
}

describe('generated bad requests to IngestService', () => {
  const client = () => ingest().api.client;
  const deadline = { timeoutMs: 30_000 };

  it('start from valid requests', async () => {
    const c = client();
    await expectWellFormed(callUnary(c, 'storeEvent', { event: validEvent() }, deadline));
    await expectWellFormed(
      callUnary(c, 'getEvent', GetEventRequest.fromPartial({ projectId: PROJECT, eventId: eventIdOf(1) }), deadline),
    );
    await expectWellFormed(callUnary(c, 'getGroup', { projectId: PROJECT, groupId: GROUP }, deadline));
    await expectWellFormed(callUnary(c, 'listGroups', ListGroupsRequest.fromPartial({ projectId: PROJECT }), deadline));
    const stats = { ...selection, aggregation: Aggregation.TOTAL, rollupSeconds: 60 };
    await expectWellFormed(callUnary(c, 'getEventStats', GetEventStatsRequest.fromPartial(stats), deadline));
    await expectWellFormed(
      callUnary(c, 'getEventAggregates', GetEventAggregatesRequest.fromPartial(selection), deadline),
    );
  });

  it('StoreEvent', async () => {
    await refusedAndUnwritten(eventSpoilers, (change) =>
      callUnary(client(), 'storeEvent', { event: { ...validEvent(), ...change } }, deadline),
    );
  });

  it('StoreEvents: each bad item is rejected naming its field, the batch stores nothing of it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anySpoiler(eventSpoilers), { minLength: 1, maxLength: 5 }), async (changes) => {
        const before = await databaseFingerprint(ingest().sql);
        const events = changes.map(([, change]) => ({ ...validEvent(), ...change }));
        const answer = callUnary(client(), 'storeEvents', { events }, deadline);
        // A Timestamp that cannot be read (its nanos out of range: the generated client writes
        // negative nanos for an instant before 1970 with milliseconds) spoils the whole message.
        const unreadable = await answer.then(
          () => false,
          () => true,
        );
        if (unreadable) {
          expect(await expectCallersMistake(answer)).toEqual([expect.stringMatching(/^events\[\d+\]\.timestamp$/)]);
        } else {
          const { results } = await answer;
          for (const result of results) expect(result.rejection?.field).toMatch(/\S/);
        }
        expect(await databaseFingerprint(ingest().sql)).toBe(before);
      }),
      BAD_REQUEST_RUNS,
    );
  });

  it('GetEvent', async () => {
    const spoilers: Spoiler<GetEventRequest>[] = [
      { field: 'project_id', spoil: fc.record({ projectId: badValues.positiveInt64 }) },
      {
        field: 'event_id',
        spoil: fc.record({ eventId: fc.oneof(badValues.textWithNul, fc.string({ maxLength: 31 })) }),
      },
      { field: 'timestamp', spoil: fc.record({ timestamp: badValues.timestamp }) },
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      callUnary(
        client(),
        'getEvent',
        GetEventRequest.fromPartial({ projectId: PROJECT, eventId: eventIdOf(1), ...change }),
        deadline,
      ),
    );
  });

  it('GetGroup', async () => {
    const spoilers: Spoiler<GetGroupRequest>[] = [
      { field: 'project_id', spoil: fc.record({ projectId: badValues.positiveInt64 }) },
      {
        field: 'group_id',
        spoil: fc.record({ groupId: fc.oneof(badValues.textWithNul, fc.string({ maxLength: 31 })) }),
      },
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      callUnary(
        client(),
        'getGroup',
        GetGroupRequest.fromPartial({ projectId: PROJECT, groupId: GROUP, ...change }),
        deadline,
      ),
    );
  });

  it('ListGroups', async () => {
    const spoilers: Spoiler<ListGroupsRequest>[] = [
      { field: 'project_id', spoil: fc.record({ projectId: badValues.positiveInt64 }) },
      { field: 'page_size', spoil: fc.record({ pageSize: badValues.negativePageSize }) },
      { field: 'page_token', spoil: fc.record({ pageToken: badValues.pageToken }) },
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      callUnary(client(), 'listGroups', ListGroupsRequest.fromPartial({ projectId: PROJECT, ...change }), deadline),
    );
  });

  it('GetEventStats', async () => {
    const spoilers: Spoiler<GetEventStatsRequest>[] = [
      ...selectionSpoilers,
      { field: 'aggregation', spoil: fc.record({ aggregation: badValues.unknownEnum }) },
      { field: 'rollup_seconds', spoil: fc.record({ rollupSeconds: fc.integer({ min: -(2 ** 31), max: 0 }) }) },
    ];
    await refusedAndUnwritten(spoilers, (change) =>
      callUnary(
        client(),
        'getEventStats',
        GetEventStatsRequest.fromPartial({
          ...selection,
          aggregation: Aggregation.TOTAL,
          rollupSeconds: 60,
          ...change,
        }),
        deadline,
      ),
    );
  });

  it('GetEventAggregates', async () => {
    await refusedAndUnwritten(selectionSpoilers, (change) =>
      callUnary(
        client(),
        'getEventAggregates',
        GetEventAggregatesRequest.fromPartial({ ...selection, ...change }),
        deadline,
      ),
    );
  });
});
