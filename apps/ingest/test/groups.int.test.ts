// Grouping, GetGroup and ListGroups paging over gRPC against the real service.
import { status } from '@grpc/grpc-js';
import { Level, type Event, type Group } from '@vigil/contracts/ingest';
import { describe, expect, it } from 'vitest';
import { grpcError } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import { at, eventIdOf, HOUR, MINUTE, projectIds, T0, testEvent } from './test-events.js';

const ingest = useIngest();
const nextProject = projectIds(1);

describe('grouping and GetGroup', () => {
  it('groups by fingerprint, else exception, else message; a group keeps counts, bounds and its latest event', async () => {
    const { api } = ingest();
    const projectId = nextProject();
    const store = (n: number, fields: Partial<Event>) =>
      api.storeEvent(testEvent({ projectId, eventId: eventIdOf(n), ...fields }));

    const byFingerprint = [
      await store(1, {
        fingerprint: ['db', 'down'],
        message: 'a',
        timestamp: at(T0 + 2 * HOUR),
        level: Level.ERROR,
        culprit: 'c1',
      }),
      // The most recently stored event decides level/culprit/message/title (group.proto), not the latest timestamp.
      await store(2, {
        fingerprint: ['db', 'down'],
        message: 'b',
        timestamp: at(T0 + 5 * HOUR),
        level: Level.FATAL,
        culprit: 'c2',
      }),
      await store(3, {
        fingerprint: ['db', 'down'],
        message: 'c',
        timestamp: at(T0 + HOUR),
        level: Level.DEBUG,
        culprit: 'c3',
      }),
    ];
    const byException = [
      await store(4, { exception: { type: 'TypeError', value: 'x is undefined' }, message: 'one' }),
      await store(5, { exception: { type: 'TypeError', value: 'x is undefined' }, message: 'two' }),
    ];
    const byMessage = [await store(6, { message: 'plain' }), await store(7, { message: 'plain' })];
    const fingerprintOfMessage = await store(8, { fingerprint: ['plain'], message: 'plain' });

    for (const answers of [byFingerprint, byException, byMessage]) {
      expect(new Set(answers.map((a) => a.groupId)).size).toBe(1);
    }
    const groupIds = [byFingerprint[0], byException[0], byMessage[0], fingerprintOfMessage].map((a) => a?.groupId);
    expect(new Set(groupIds).size).toBe(4);

    const { group } = await api.getGroup(projectId, byFingerprint[0]!.groupId);
    expect(group).toEqual<Group>({
      projectId,
      groupId: byFingerprint[0]!.groupId,
      timesSeen: '3',
      firstSeen: at(T0 + HOUR),
      lastSeen: at(T0 + 5 * HOUR),
      level: Level.DEBUG,
      culprit: 'c3',
      message: 'c',
      title: 'c',
    });
  });

  it('answers NOT_FOUND for a group of another project or no group at all', async () => {
    const { api } = ingest();
    const [a, b] = [nextProject(), nextProject()];
    const { groupId } = await api.storeEvent(testEvent({ projectId: a, eventId: eventIdOf(1) }));
    expect((await api.getGroup(a, groupId)).group?.timesSeen).toBe('1');
    expect((await grpcError(api.getGroup(b, groupId))).code).toBe(status.NOT_FOUND);
    expect((await grpcError(api.getGroup(a, 'f'.repeat(32)))).code).toBe(status.NOT_FOUND);
  });
});

describe('grouping people recognise (issue 16)', () => {
  const frames = (fn: string) => [
    { module: 'node:internal/process', filename: '', function: 'processTicks', lineno: 95, inApp: false },
    { module: '', filename: '/app/src/users.js', function: fn, lineno: 10, inApp: true },
  ];

  it('parameterises values, splits by in-app frames, expands {{ default }}, and titles every group', async () => {
    const { api } = ingest();
    const projectId = nextProject();
    let n = 0;
    const store = (fields: Partial<Event>) =>
      api.storeEvent(testEvent({ projectId, eventId: eventIdOf(++n), ...fields }));
    const notFound = (id: number, line: number) =>
      store({
        exception: {
          type: 'NotFoundError',
          value: `User ${id} not found`,
          stacktrace: { frames: frames('findUser').map((f) => ({ ...f, lineno: f.lineno + line })) },
        },
      });
    // Ids differ and so do line numbers: one group.
    const users = [await notFound(8812, 0), await notFound(93, 4), await notFound(1, 7)];
    expect(new Set(users.map((a) => a.groupId)).size).toBe(1);

    // The same TypeError from two functions: two groups.
    const typeError = (fn: string) =>
      store({ exception: { type: 'TypeError', value: 'x is undefined', stacktrace: { frames: frames(fn) } } });
    const [inFind, inSave] = [await typeError('findUser'), await typeError('saveUser')];
    expect(inFind.groupId).not.toBe(inSave.groupId);

    // {{ default }} keeps different errors apart under one fingerprint.
    const withDefault = (value: string) =>
      store({ fingerprint: ['{{ default }}', 'checkout'], exception: { type: 'Error', value } });
    const [a, b] = [await withDefault('card declined'), await withDefault('address missing')];
    expect(a.groupId).not.toBe(b.groupId);

    // A message with and without the exception an SDK attaches to it: one group, titled by the message.
    const message = 'Payment 42 declined';
    const plain = await store({ message });
    const attached = await store({
      message: 'Payment 43 declined',
      exception: { type: '', value: 'Payment 43 declined', stacktrace: { frames: frames('pay') } },
    });
    expect(attached.groupId).toBe(plain.groupId);

    const titles = await Promise.all(
      [users[0], inFind, a, plain].map(async (answer) => (await api.getGroup(projectId, answer!.groupId)).group?.title),
    );
    expect(titles).toEqual([
      'NotFoundError: User 1 not found',
      'TypeError: x is undefined',
      'Error: card declined',
      'Payment 43 declined',
    ]);
  });

  it('describes a group by its most recently stored event; in one batch, ties go to the larger event id', async () => {
    const { api } = ingest();
    const projectId = nextProject();
    const event = (id: number, culprit: string, level: Level) =>
      testEvent({ projectId, eventId: eventIdOf(id), fingerprint: ['tie'], culprit, level, message: culprit });
    // Stored together (one receive time), in an order that is not the id order.
    const { results } = await api.storeEvents([
      event(3, 'c3', Level.WARNING),
      event(9, 'c9', Level.FATAL),
      event(5, 'c5', Level.INFO),
    ]);
    const groupId = results[0]!.groupId;
    expect((await api.getGroup(projectId, groupId)).group).toMatchObject({
      culprit: 'c9',
      level: Level.FATAL,
      title: 'c9',
    });
    // Stored later, with an older timestamp and a smaller id: it describes the group now.
    await api.storeEvent({ ...event(1, 'c1', Level.DEBUG), timestamp: at(T0 - HOUR) });
    expect((await api.getGroup(projectId, groupId)).group).toMatchObject({
      culprit: 'c1',
      level: Level.DEBUG,
      title: 'c1',
    });
  });
});

describe('ListGroups', () => {
  async function projectWithFiveGroups(): Promise<{ projectId: string; groupIds: string[] }> {
    const { api } = ingest();
    const projectId = nextProject();
    const events = Array.from({ length: 5 }, (_, i) =>
      testEvent({ projectId, eventId: eventIdOf(i + 1), fingerprint: [`group ${i}`], timestamp: at(T0 + i * MINUTE) }),
    );
    const { results } = await api.storeEvents(events);
    return { projectId, groupIds: results.map((r) => r.groupId).sort() };
  }

  it('pages through five groups two at a time, by ascending id, with tokens', async () => {
    const { api } = ingest();
    const { projectId, groupIds } = await projectWithFiveGroups();
    // Another project's groups never show up.
    await api.storeEvent(testEvent({ projectId: nextProject(), eventId: eventIdOf(1), fingerprint: ['elsewhere'] }));

    const first = await api.listGroups({ projectId, pageSize: 2 });
    const second = await api.listGroups({ projectId, pageSize: 2, pageToken: first.nextPageToken });
    const third = await api.listGroups({ projectId, pageSize: 2, pageToken: second.nextPageToken });

    expect([first, second, third].map((page) => page.groups.length)).toEqual([2, 2, 1]);
    expect(first.nextPageToken).not.toBe('');
    expect(second.nextPageToken).not.toBe('');
    expect(third.nextPageToken).toBe('');
    expect([first, second, third].flatMap((page) => page.groups.map((g) => g.groupId))).toEqual(groupIds);
    expect(third.groups.every((g) => g.projectId === projectId && g.timesSeen === '1')).toBe(true);
  });

  it('gives every group in one page by default, and an exact last page no next token', async () => {
    const { api } = ingest();
    const { projectId, groupIds } = await projectWithFiveGroups();
    const all = await api.listGroups({ projectId });
    expect(all.groups.map((g) => g.groupId)).toEqual(groupIds);
    expect(all.nextPageToken).toBe('');
    expect((await api.listGroups({ projectId, pageSize: 5 })).nextPageToken).toBe('');
  });

  it('refuses a token that is not one, or one for another project, naming page_token', async () => {
    const { api } = ingest();
    const { projectId } = await projectWithFiveGroups();
    const other = nextProject();
    const { nextPageToken } = await api.listGroups({ projectId, pageSize: 2 });

    for (const [project, pageToken] of [
      [projectId, 'not a token'],
      [projectId, 'eyJwIjoxfQ'],
      [other, nextPageToken],
    ] as const) {
      const error = await grpcError(api.listGroups({ projectId: project, pageSize: 2, pageToken }));
      expect(error.code).toBe(status.INVALID_ARGUMENT);
      expect(error.details).toContain('page_token');
    }
    const negative = await grpcError(api.listGroups({ projectId, pageSize: -1 }));
    expect([negative.code, negative.details.startsWith('page_size')]).toEqual([status.INVALID_ARGUMENT, true]);
  });
});
