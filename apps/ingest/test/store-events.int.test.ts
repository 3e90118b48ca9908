// StoreEvent, StoreEvents and GetEvent over gRPC against the real service:
// outcomes under both policies (the default and a per-project override),
// batch semantics, and what GetEvent then returns.
import { status } from '@grpc/grpc-js';
import { DedupPolicy, Level, NormalizationAction, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import { describe, expect, it } from 'vitest';
import { grpcError } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import { storeEventWithInvalidUtf8 } from './raw-store-event.js';
import { allCountMismatches } from './recount.js';
import { at, DAY, eventIdOf, HOUR, MINUTE, projectIds, T0, testEvent } from './test-events.js';

// Last write wins by default; projects 900 and up are first-write-wins by override.
const FWW_PROJECTS = Array.from({ length: 20 }, (_, i) => 900 + i);
const ingest = useIngest({
  DEDUP_POLICY: 'LAST_WRITE_WINS',
  DEDUP_POLICY_OVERRIDES: FWW_PROJECTS.map((p) => `${p}=FIRST_WRITE_WINS`).join(','),
});
const lwwProject = projectIds(1);
const fwwProject = projectIds(900);

/** The event as GetEvent gives it back: id normalized, absent user/exception as empty ones. */
function asStored(event: Event): Event {
  return {
    ...event,
    eventId: event.eventId.replaceAll('-', '').toLowerCase(),
    level: event.level === Level.UNSPECIFIED ? Level.ERROR : event.level,
    user: event.user ?? { id: '', email: '', username: '', ipAddress: '' },
    exception: event.exception ?? { type: '', value: '' },
  };
}

describe('StoreEvent', () => {
  it('stores a new event (STORED) and GetEvent returns every field as stored', async () => {
    const { api } = ingest();
    const event = testEvent({
      projectId: lwwProject(),
      eventId: 'A1B2C3D4-0000-4000-8000-00000000000F',
      timestamp: at(T0 + 5 * HOUR),
      level: Level.WARNING,
      fingerprint: ['checkout', 'timeout'],
      tags: { browser: 'firefox', 'os.name': 'linux' },
      user: { id: 'u-1', email: 'u1@example.com', username: 'one', ipAddress: '10.0.0.1' },
      exception: { type: 'TimeoutError', value: 'gave up after 30 s' },
    });

    const answer = await api.storeEvent(event);
    expect(answer).toMatchObject({
      outcome: StoreOutcome.STORED,
      eventId: 'a1b2c3d400004000800000000000000f',
      policy: DedupPolicy.LAST_WRITE_WINS,
    });
    expect(answer.groupId).toMatch(/^[0-9a-f]{32}$/);

    const { event: stored } = await api.getEvent({
      projectId: event.projectId,
      eventId: answer.eventId,
      timestamp: event.timestamp,
    });
    expect(stored?.event).toEqual(asStored(event));
    expect(stored?.groupId).toBe(answer.groupId);
    expect(stored?.receivedAt).toBeInstanceOf(Date);
  });

  it.each([
    ['last write wins', lwwProject],
    ['first write wins', fwwProject],
  ])(
    'stores hostile text exactly as sent (%s): quotes, backslashes, SQL, JSON and unicode',
    async (_policy, project) => {
      const { api } = ingest();
      const nasty =
        String.raw`it's \\ a \' "quote" \u0000 \n '); DROP TABLE ingest_event; -- {"x":"\"}"} ` + 'é 𝄞 \u2028 ? $1';
      const event = testEvent({
        projectId: project(),
        eventId: 'b1b2c3d4-0000-4000-8000-00000000000f',
        timestamp: at(T0 + 6 * HOUR),
        message: nasty,
        culprit: "O'Brien\\server",
        fingerprint: [nasty.slice(0, 40)],
        tags: { quote: `'"\\`, sql: "'; SELECT 1; --" },
        user: { id: `\\'`, email: '', username: '', ipAddress: '' },
      });
      const answer = await api.storeEvent(event);
      expect(answer.outcome).toBe(StoreOutcome.STORED);
      const { event: stored } = await api.getEvent({
        projectId: event.projectId,
        eventId: answer.eventId,
        timestamp: event.timestamp,
      });
      expect(stored?.event).toEqual(asStored(event));
    },
  );

  it('stores NUL as U+FFFD and text that is not UTF-8 as U+FFFD, reporting each field, and GetEvent keeps the report', async () => {
    const { api } = ingest();
    const projectId = lwwProject();
    const withNul = await api.storeEvent(
      testEvent({ projectId, eventId: eventIdOf(77), message: 'a\u0000b', tags: { 'k\u0000': 'v' } }),
    );
    expect(withNul.outcome).toBe(StoreOutcome.STORED);
    expect(withNul.normalizations).toEqual([
      {
        field: 'tags[k\uFFFD]',
        action: NormalizationAction.DROPPED,
        detail: 'key may hold only letters, digits, "_", ".", ":" and "-"',
      },
      {
        field: 'message',
        action: NormalizationAction.REPLACED_INVALID_TEXT,
        detail: 'NUL characters (U+0000) replaced with U+FFFD',
      },
    ]);
    const notUtf8 = await storeEventWithInvalidUtf8(
      api.client,
      testEvent({ projectId, eventId: eventIdOf(78), culprit: 'caf\u00e9', tags: { city: 'Mal\u00e9' } }),
    );
    expect(notUtf8.normalizations.map((n) => [n.field, n.action])).toEqual([
      ['tags[city]', NormalizationAction.REPLACED_INVALID_TEXT],
      ['culprit', NormalizationAction.REPLACED_INVALID_TEXT],
    ]);
    const { event } = await api.getEvent({ projectId, eventId: eventIdOf(78) });
    expect([event?.event?.culprit, event?.event?.tags['city']]).toEqual(['caf\uFFFD\uFFFD', 'Mal\uFFFD\uFFFD']);
    expect(event?.normalizations).toEqual(notUtf8.normalizations);
    expect((await api.getEvent({ projectId, eventId: eventIdOf(77) })).event?.event?.message).toBe('a\uFFFDb');
  });

  it('an event id that is not UTF-8 is still refused for its identity', async () => {
    const { api } = ingest();
    const failure = await grpcError(
      storeEventWithInvalidUtf8(api.client, testEvent({ projectId: lwwProject(), eventId: `${'a'.repeat(30)}\u00e9` })),
    );
    expect(failure.code).toBe(status.INVALID_ARGUMENT);
    expect(failure.details).toContain('event.event_id');
  });

  it('keeps what a real SDK sends: stack trace and causes as sent, over-long or bad fields normalised and reported', async () => {
    const { api } = ingest();
    const projectId = lwwProject();
    const stacktrace = {
      frames: [
        { module: 'node:internal/timers', filename: '', function: 'listOnTimeout', lineno: 569, inApp: false },
        { module: '', filename: '/app/src/users.js', function: 'findUser', lineno: 12, inApp: true },
      ],
    };
    const sent = testEvent({
      projectId,
      eventId: eventIdOf(90),
      message: 'm'.repeat(9000),
      tags: { 'app:version': '1.2.3', mood: '\u{1F600}'.repeat(60), ['k'.repeat(33)]: 'dropped' },
      exception: { type: 'Error', value: 'User 8812 not found', stacktrace },
      causes: [{ type: 'TypeError', value: 'x is undefined', stacktrace: undefined }],
    });
    const answer = await api.storeEvent(sent);
    expect(answer.outcome).toBe(StoreOutcome.STORED);
    expect(answer.normalizations.map((n) => [n.field, n.action])).toEqual([
      [`tags[${'k'.repeat(33)}]`, NormalizationAction.DROPPED],
      ['message', NormalizationAction.TRUNCATED],
    ]);
    const { event } = await api.getEvent({ projectId, eventId: eventIdOf(90) });
    expect(event?.event?.tags).toEqual({ 'app:version': '1.2.3', mood: '\u{1F600}'.repeat(60) });
    expect(event?.event?.message).toBe('m'.repeat(8192));
    expect(event?.event?.exception).toEqual(sent.exception);
    expect(event?.event?.causes).toEqual(sent.causes);
    expect(event?.normalizations).toEqual(answer.normalizations);
    const { group } = await api.getGroup(projectId, answer.groupId);
    expect(group?.title).toBe('Error: User 8812 not found');
  });

  it('defaults the level to error and a missing timestamp to the receive time; a far-future one too', async () => {
    const { api } = ingest();
    const projectId = lwwProject();
    const before = Date.now();
    const noTime = await api.storeEvent(testEvent({ projectId, eventId: eventIdOf(1), timestamp: undefined }));
    const future = await api.storeEvent(
      testEvent({ projectId, eventId: eventIdOf(2), timestamp: at(Date.UTC(2100, 0, 1)) }),
    );
    const after = Date.now();
    for (const answer of [noTime, future]) {
      const { event } = await api.getEvent({ projectId, eventId: answer.eventId });
      expect(event?.event?.level).toBe(Level.ERROR);
      expect(event?.event?.timestamp?.getTime()).toBeGreaterThanOrEqual(before);
      expect(event?.event?.timestamp?.getTime()).toBeLessThanOrEqual(after);
      expect(event?.event?.timestamp).toEqual(event?.receivedAt);
    }
  });

  it('last write wins: the same key again is REPLACED in full, its group and counts move with it', async () => {
    const { api, sql } = ingest();
    const projectId = lwwProject();
    const first = testEvent({
      projectId,
      eventId: eventIdOf(7),
      timestamp: at(T0 + HOUR),
      fingerprint: ['a'],
      level: Level.ERROR,
    });
    const second = testEvent({
      projectId,
      eventId: eventIdOf(7),
      timestamp: at(T0 + 3 * HOUR + 30 * MINUTE),
      fingerprint: ['b'],
      level: Level.INFO,
      message: 'the second version',
      tags: { k: 'v' },
    });
    const stored = await api.storeEvent(first);
    const replaced = await api.storeEvent(second);

    expect(stored.outcome).toBe(StoreOutcome.STORED);
    expect(replaced.outcome).toBe(StoreOutcome.REPLACED);
    expect(replaced.groupId).not.toBe(stored.groupId);
    const { event } = await api.getEvent({ projectId, eventId: eventIdOf(7) });
    expect(event?.event).toEqual(asStored(second));
    expect(event?.groupId).toBe(replaced.groupId);
    expect((await api.getGroup(projectId, stored.groupId)).group?.timesSeen).toBe('0');
    expect((await api.getGroup(projectId, replaced.groupId)).group?.timesSeen).toBe('1');
    expect(await allCountMismatches(sql)).toEqual([]);
  });

  it('first write wins: the same key again is DUPLICATE with the stored group, and nothing changes', async () => {
    const { api } = ingest();
    const projectId = fwwProject();
    const first = testEvent({ projectId, eventId: eventIdOf(8), timestamp: at(T0 + HOUR), fingerprint: ['first'] });
    const stored = await api.storeEvent(first);
    const eventBefore = await api.getEvent({ projectId, eventId: eventIdOf(8) });
    const groupBefore = await api.getGroup(projectId, stored.groupId);

    const duplicate = await api.storeEvent(
      testEvent({
        projectId,
        eventId: eventIdOf(8),
        timestamp: at(T0 + 2 * HOUR),
        fingerprint: ['other'],
        message: 'other',
      }),
    );

    expect(stored).toMatchObject({ outcome: StoreOutcome.STORED, policy: DedupPolicy.FIRST_WRITE_WINS });
    expect(duplicate).toMatchObject({
      outcome: StoreOutcome.DUPLICATE,
      groupId: stored.groupId,
      policy: DedupPolicy.FIRST_WRITE_WINS,
    });
    expect(await api.getEvent({ projectId, eventId: eventIdOf(8) })).toEqual(eventBefore);
    expect(await api.getGroup(projectId, stored.groupId)).toEqual(groupBefore);
    expect((await api.listGroups({ projectId })).groups).toEqual([groupBefore.group]);
  });

  it('applies the policy per project: the override and the default side by side in one service', async () => {
    const { api } = ingest();
    const [lww, fww] = [lwwProject(), fwwProject()];
    for (const projectId of [lww, fww]) {
      await api.storeEvent(testEvent({ projectId, eventId: eventIdOf(9), message: 'one' }));
    }
    const again = async (projectId: string) =>
      api.storeEvent(testEvent({ projectId, eventId: eventIdOf(9), message: 'two' }));
    expect(await again(lww)).toMatchObject({ outcome: StoreOutcome.REPLACED, policy: DedupPolicy.LAST_WRITE_WINS });
    expect(await again(fww)).toMatchObject({ outcome: StoreOutcome.DUPLICATE, policy: DedupPolicy.FIRST_WRITE_WINS });
    expect((await api.getEvent({ projectId: lww, eventId: eventIdOf(9) })).event?.event?.message).toBe('two');
    expect((await api.getEvent({ projectId: fww, eventId: eventIdOf(9) })).event?.event?.message).toBe('one');
  });
});

describe('StoreEvents', () => {
  it('answers one result per item in order; a rejected item names its field and fails no other', async () => {
    const { api } = ingest();
    const projectId = lwwProject();
    const events = [
      testEvent({ projectId, eventId: eventIdOf(1) }),
      testEvent({ projectId, eventId: 'not-an-id' }),
      testEvent({ projectId: '-3', eventId: eventIdOf(2) }),
      testEvent({ projectId: '0', eventId: eventIdOf(3) }),
      // Not rejected: the tag is dropped and the message shortened, and the answer says so.
      testEvent({ projectId, eventId: eventIdOf(4), message: 'x'.repeat(9000), tags: { 'bad key': 'x' } }),
      testEvent({ projectId, eventId: eventIdOf(5) }),
    ];
    const { results } = await api.storeEvents(events);

    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(results.map((r) => r.outcome)).toEqual([
      StoreOutcome.STORED,
      StoreOutcome.REJECTED,
      StoreOutcome.REJECTED,
      StoreOutcome.REJECTED,
      StoreOutcome.STORED,
      StoreOutcome.STORED,
    ]);
    expect(results.map((r) => r.rejection?.field)).toEqual([
      undefined,
      'event_id',
      'project_id',
      'project_id',
      undefined,
      undefined,
    ]);
    expect(results.map((r) => r.normalizations.map((n) => n.field))).toEqual([
      [],
      [],
      [],
      [],
      ['tags[bad key]', 'message'],
      [],
    ]);
    for (const rejected of results.filter((r) => r.outcome === StoreOutcome.REJECTED)) {
      expect(rejected).toMatchObject({ groupId: '', policy: DedupPolicy.UNSPECIFIED });
      expect(rejected.rejection?.reason).not.toBe('');
    }
    expect(results[1]?.eventId).toBe('');
    expect(results[2]?.eventId).toBe(eventIdOf(2));
    for (const id of [1, 4, 5])
      await expect(api.getEvent({ projectId, eventId: eventIdOf(id) })).resolves.toBeDefined();
    for (const id of [2])
      expect((await grpcError(api.getEvent({ projectId, eventId: eventIdOf(id) }))).code).toBe(status.NOT_FOUND);
  });

  it('last write wins within a batch: the later copy is stored, earlier copies answer as replaced', async () => {
    const { api, sql } = ingest();
    const projectId = lwwProject();
    await api.storeEvent(testEvent({ projectId, eventId: eventIdOf(2), fingerprint: ['stored-before'] }));
    const copies = ['one', 'two', 'three'].map((name, i) =>
      testEvent({
        projectId,
        eventId: eventIdOf(1),
        timestamp: at(T0 + i * MINUTE),
        fingerprint: [name],
        message: name,
      }),
    );
    const { results } = await api.storeEvents([
      copies[0]!,
      testEvent({ projectId, eventId: eventIdOf(2) }),
      copies[1]!,
      copies[2]!,
    ]);

    expect(results.map((r) => r.outcome)).toEqual([
      StoreOutcome.STORED,
      StoreOutcome.REPLACED,
      StoreOutcome.REPLACED,
      StoreOutcome.REPLACED,
    ]);
    const { event } = await api.getEvent({ projectId, eventId: eventIdOf(1) });
    expect(event?.event?.message).toBe('three');
    expect(event?.event?.timestamp).toEqual(at(T0 + 2 * MINUTE));
    expect(results[3]?.groupId).toBe(event?.groupId);
    // Only the stored copy is counted: the copies it replaced left no trace.
    const { groups } = await api.listGroups({ projectId });
    const counted = groups.filter((g) => g.timesSeen !== '0');
    expect(counted.map((g) => [g.groupId, g.timesSeen]).sort()).toEqual(
      [
        [event?.groupId, '1'],
        [results[1]?.groupId, '1'],
      ].sort(),
    );
    expect(await allCountMismatches(sql)).toEqual([]);
  });

  it('first write wins within a batch: the first copy is stored, later copies are DUPLICATE with its group', async () => {
    const { api } = ingest();
    const projectId = fwwProject();
    await api.storeEvent(testEvent({ projectId, eventId: eventIdOf(2), fingerprint: ['stored-before'] }));
    const copies = ['one', 'two', 'three'].map((name) =>
      testEvent({ projectId, eventId: eventIdOf(1), fingerprint: [name], message: name }),
    );
    const { results } = await api.storeEvents([
      copies[0]!,
      copies[1]!,
      testEvent({ projectId, eventId: eventIdOf(2) }),
      copies[2]!,
    ]);

    expect(results.map((r) => r.outcome)).toEqual([
      StoreOutcome.STORED,
      StoreOutcome.DUPLICATE,
      StoreOutcome.DUPLICATE,
      StoreOutcome.DUPLICATE,
    ]);
    expect(results[1]?.groupId).toBe(results[0]?.groupId);
    expect(results[3]?.groupId).toBe(results[0]?.groupId);
    const stored2 = await api.getEvent({ projectId, eventId: eventIdOf(2) });
    expect(results[2]?.groupId).toBe(stored2.event?.groupId);
    expect(stored2.event?.event?.fingerprint).toEqual(['stored-before']);
    const { event } = await api.getEvent({ projectId, eventId: eventIdOf(1) });
    expect(event?.event?.message).toBe('one');
    expect((await api.listGroups({ projectId })).groups.map((g) => g.timesSeen)).toEqual(['1', '1']);
  });

  it('an empty batch stores nothing and answers no results', async () => {
    expect(await ingest().api.storeEvents([])).toEqual({ results: [] });
  });
});

describe('GetEvent', () => {
  it('finds an event by day (any instant of it) or, without a timestamp, the most recently received', async () => {
    const { api } = ingest();
    const projectId = lwwProject();
    const id = eventIdOf(42);
    const day1 = await api.storeEvent(
      testEvent({ projectId, eventId: id, timestamp: at(T0 + 23 * HOUR), message: 'day 1' }),
    );
    const day2 = await api.storeEvent(
      testEvent({ projectId, eventId: id, timestamp: at(T0 + DAY + HOUR), message: 'day 2' }),
    );

    // The same id on two days is two events.
    expect([day1.outcome, day2.outcome]).toEqual([StoreOutcome.STORED, StoreOutcome.STORED]);
    const onDay = async (ms: number) =>
      (await api.getEvent({ projectId, eventId: id, timestamp: at(ms) })).event?.event?.message;
    expect(await onDay(T0)).toBe('day 1');
    expect(await onDay(T0 + DAY - 1)).toBe('day 1');
    expect(await onDay(T0 + DAY)).toBe('day 2');
    expect((await api.getEvent({ projectId, eventId: id })).event?.event?.message).toBe('day 2');
    const missing = await grpcError(api.getEvent({ projectId, eventId: id, timestamp: at(T0 + 2 * DAY) }));
    expect(missing.code).toBe(status.NOT_FOUND);
  });

  it('keeps projects apart: the same id in two projects is two events, and one never touches the other', async () => {
    const { api } = ingest();
    const [a, b] = [lwwProject(), lwwProject()];
    const id = eventIdOf(43);
    const inA = await api.storeEvent(testEvent({ projectId: a, eventId: id, message: 'in a' }));
    const inB = await api.storeEvent(testEvent({ projectId: b, eventId: id, message: 'in b' }));
    expect([inA.outcome, inB.outcome]).toEqual([StoreOutcome.STORED, StoreOutcome.STORED]);

    await api.storeEvent(testEvent({ projectId: a, eventId: id, message: 'in a, replaced' }));
    expect((await api.getEvent({ projectId: a, eventId: id })).event?.event?.message).toBe('in a, replaced');
    expect((await api.getEvent({ projectId: b, eventId: id })).event?.event?.message).toBe('in b');
    expect((await api.getGroup(b, inB.groupId)).group?.timesSeen).toBe('1');
    expect((await grpcError(api.getEvent({ projectId: lwwProject(), eventId: id }))).code).toBe(status.NOT_FOUND);
  });
});
