// GetEventStats and GetEventAggregates over gRPC on events stored at known
// times: bucket alignment, empty buckets, ranges that start and end inside a
// minute, the per-minute counter path (rollups of whole minutes) and the raw
// path (others), filters, groups, unique users and project isolation.
import {
  Aggregation,
  Level,
  type Event,
  type GetEventStatsRequest,
  type GetEventStatsResponse,
} from '@vigil/contracts/ingest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useIngest } from './ingest-harness.js';
import { countedEvent, expectedAggregates, expectedSeries, type CountedEvent } from './stats-oracle.js';
import { at, eventIdOf, HOUR, MINUTE, SECOND, T0, testEvent } from './test-events.js';

const ingest = useIngest();
const P = '1';
const Q = '2';
// An hour boundary, and a multiple of 90 s, since the epoch.
const B = T0 + 10 * HOUR;

const u = (id: string) => ({ id, email: '', username: '', ipAddress: '' });
const KNOWN: [number, Partial<Event>][] = [
  [B - SECOND, { level: Level.ERROR, fingerprint: ['g1'] }],
  [B, { level: Level.ERROR, tags: { browser: 'firefox' }, user: u('u1'), fingerprint: ['g1'] }],
  [
    B + 30 * SECOND,
    { level: Level.ERROR, environment: 'staging', tags: { browser: 'chrome' }, user: u('u2'), fingerprint: ['g1'] },
  ],
  [B + 59 * SECOND, { level: Level.WARNING, tags: { browser: 'firefox' }, user: u('u1'), fingerprint: ['g2'] }],
  [B + MINUTE + 10 * SECOND, { level: Level.INFO, fingerprint: ['g2'] }],
  [
    B + MINUTE + 45 * SECOND,
    { level: Level.ERROR, tags: { browser: 'firefox' }, user: { ...u(''), email: 'u1' }, fingerprint: ['g1'] },
  ],
  [B + 2 * MINUTE + 5 * SECOND, { level: Level.FATAL, release: '2.0.0', fingerprint: ['g3'] }],
  [B + HOUR, { level: Level.ERROR, user: u('u3'), fingerprint: ['g1'] }],
  [B + HOUR + 30 * MINUTE, { level: Level.ERROR, fingerprint: ['g2'] }],
];
const stored: CountedEvent[] = [];
const groupOf: Record<string, string> = {};

beforeAll(async () => {
  const { api } = ingest();
  const events = KNOWN.map(([ms, fields], i) =>
    testEvent({ projectId: P, eventId: eventIdOf(i + 1), timestamp: at(ms), ...fields }),
  );
  // Project Q has events at the same times: it must never show in P's numbers.
  const other = KNOWN.map(([ms], i) =>
    testEvent({ projectId: Q, eventId: eventIdOf(i + 1), timestamp: at(ms), user: u(`q${i}`) }),
  );
  const { results } = await api.storeEvents([...events, ...other]);
  [...events, ...other].forEach((event, i) => stored.push(countedEvent(event, results[i]?.groupId ?? '')));
  events.forEach((event, i) => (groupOf[event.fingerprint[0] ?? ''] = results[i]?.groupId ?? ''));
});

async function series(request: Partial<GetEventStatsRequest>): Promise<[number, number][]> {
  const response: GetEventStatsResponse = await ingest().api.getEventStats({ projectIds: [P], ...request });
  return response.buckets.map((b) => [b.start?.getTime() ?? Number.NaN, Number(b.value)]);
}

const range = (startMs: number, endMs: number) => ({ start: at(startMs), end: at(endMs) });

describe('GetEventStats', () => {
  it('counts events per epoch-aligned minute, empty buckets as 0', async () => {
    expect(await series({ ...range(B, B + 5 * MINUTE), rollupSeconds: 60 })).toEqual([
      [B, 3],
      [B + MINUTE, 2],
      [B + 2 * MINUTE, 1],
      [B + 3 * MINUTE, 0],
      [B + 4 * MINUTE, 0],
    ]);
  });

  it('counts only events inside [start, end) when the range starts and ends inside a bucket', async () => {
    // Start mid-minute: the first bucket still starts on the minute, but holds only B+30s and B+59s.
    expect(await series({ ...range(B + 30 * SECOND, B + MINUTE + 30 * SECOND), rollupSeconds: 60 })).toEqual([
      [B, 2],
      [B + MINUTE, 1],
    ]);
    // Start one millisecond after an event: that event is out.
    expect(await series({ ...range(B + 1, B + 3 * MINUTE), rollupSeconds: 60 })).toEqual([
      [B, 2],
      [B + MINUTE, 2],
      [B + 2 * MINUTE, 1],
    ]);
  });

  it('rolls up by hour (whole minutes: counters) and by 90 s (not whole minutes: the events themselves)', async () => {
    expect(await series({ ...range(B - HOUR, B + 2 * HOUR), rollupSeconds: 3600 })).toEqual([
      [B - HOUR, 1],
      [B, 6],
      [B + HOUR, 2],
    ]);
    expect(await series({ ...range(B + 30 * SECOND, B + 2 * HOUR), rollupSeconds: 3600 })).toEqual([
      [B, 5],
      [B + HOUR, 2],
    ]);
    expect(await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 90 })).toEqual([
      [B, 4],
      [B + 90 * SECOND, 2],
    ]);
    expect(await series({ ...range(B + 45 * SECOND, B + 3 * MINUTE), rollupSeconds: 90 })).toEqual([
      [B, 2],
      [B + 90 * SECOND, 2],
    ]);
  });

  it('filters by level on either path, and negated', async () => {
    expect(await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 60, query: 'level:error' })).toEqual([
      [B, 2],
      [B + MINUTE, 1],
      [B + 2 * MINUTE, 0],
    ]);
    expect(await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 60, query: '!level:error' })).toEqual([
      [B, 1],
      [B + MINUTE, 1],
      [B + 2 * MINUTE, 1],
    ]);
    expect(await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 90, query: 'level:error' })).toEqual([
      [B, 2],
      [B + 90 * SECOND, 1],
    ]);
    expect(await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 60, query: 'level:error !level:error' })).toEqual(
      [
        [B, 0],
        [B + MINUTE, 0],
        [B + 2 * MINUTE, 0],
      ],
    );
  });

  it('filters by tags, environment, release and user', async () => {
    const minutes = { ...range(B, B + 3 * MINUTE), rollupSeconds: 60 };
    expect(await series({ ...minutes, query: 'browser:firefox' })).toEqual([
      [B, 2],
      [B + MINUTE, 1],
      [B + 2 * MINUTE, 0],
    ]);
    expect(await series({ ...minutes, query: 'tags[browser]:chrome' })).toEqual([
      [B, 1],
      [B + MINUTE, 0],
      [B + 2 * MINUTE, 0],
    ]);
    expect(await series({ ...minutes, query: '!browser:firefox' })).toEqual([
      [B, 1],
      [B + MINUTE, 1],
      [B + 2 * MINUTE, 1],
    ]);
    expect(await series({ ...minutes, query: 'environment:staging' })).toEqual([
      [B, 1],
      [B + MINUTE, 0],
      [B + 2 * MINUTE, 0],
    ]);
    expect(await series({ ...minutes, query: 'release:2.0.0 level:fatal' })).toEqual([
      [B, 0],
      [B + MINUTE, 0],
      [B + 2 * MINUTE, 1],
    ]);
    expect(await series({ ...minutes, query: 'user.id:u1' })).toEqual([
      [B, 2],
      [B + MINUTE, 0],
      [B + 2 * MINUTE, 0],
    ]);
    expect(await series({ ...minutes, query: 'environment:"staging"' })).toEqual([
      [B, 1],
      [B + MINUTE, 0],
      [B + 2 * MINUTE, 0],
    ]);
  });

  it('counts only the given groups', async () => {
    const g1 = groupOf['g1'] ?? '';
    expect(await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 60, groupIds: [g1] })).toEqual([
      [B, 2],
      [B + MINUTE, 1],
      [B + 2 * MINUTE, 0],
    ]);
    expect(
      await series({ ...range(B - HOUR, B + 2 * HOUR), rollupSeconds: 3600, groupIds: [g1, groupOf['g3'] ?? ''] }),
    ).toEqual([
      [B - HOUR, 1],
      [B, 4],
      [B + HOUR, 1],
    ]);
    expect(
      await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 90, groupIds: [g1], query: 'level:error' }),
    ).toEqual([
      [B, 2],
      [B + 90 * SECOND, 1],
    ]);
  });

  it('counts distinct users per bucket; events without a user count for none; an id and an email are two users', async () => {
    expect(
      await series({ ...range(B, B + 3 * MINUTE), rollupSeconds: 60, aggregation: Aggregation.UNIQUE_USERS }),
    ).toEqual([
      [B, 2],
      [B + MINUTE, 1],
      [B + 2 * MINUTE, 0],
    ]);
    expect(
      await series({ ...range(B, B + 2 * HOUR), rollupSeconds: 3600, aggregation: Aggregation.UNIQUE_USERS }),
    ).toEqual([
      [B, 3],
      [B + HOUR, 1],
    ]);
  });

  it('keeps projects apart, and adds them up when asked for both', async () => {
    expect(await series({ projectIds: [Q], ...range(B, B + 2 * MINUTE), rollupSeconds: 60 })).toEqual([
      [B, 3],
      [B + MINUTE, 2],
    ]);
    expect(await series({ projectIds: [P, Q], ...range(B, B + 2 * MINUTE), rollupSeconds: 60 })).toEqual([
      [B, 6],
      [B + MINUTE, 4],
    ]);
    expect(await series({ projectIds: ['3'], ...range(B, B + 2 * MINUTE), rollupSeconds: 60 })).toEqual([
      [B, 0],
      [B + MINUTE, 0],
    ]);
  });

  it('agrees with a count from the events for many ranges, rollups and filters', async () => {
    const starts = [B - HOUR, B - 7 * SECOND, B + 30 * SECOND, B + MINUTE];
    const ends = [B + 2 * MINUTE + 5 * SECOND, B + 2 * MINUTE + 6 * SECOND, B + 3 * HOUR];
    const queries = ['', 'level:error', '!level:warning !level:info', 'browser:firefox', '!environment:staging'];
    for (const startMs of starts) {
      for (const endMs of ends) {
        for (const rollupSeconds of [60, 90, 300, 3600, 7]) {
          for (const query of queries) {
            if (
              (endMs - Math.floor(startMs / (rollupSeconds * 1000)) * rollupSeconds * 1000) / (rollupSeconds * 1000) >
              2000
            )
              continue;
            const selection = { projectIds: [P], query, startMs, endMs, rollupSeconds };
            const answer = await series({ query, ...range(startMs, endMs), rollupSeconds });
            expect(answer, JSON.stringify(selection)).toEqual(expectedSeries(stored, selection));
          }
        }
      }
    }
  });
});

describe('GetEventStats from the per-hour term and user counters', () => {
  it('agrees with the events for distinct users and single terms over hour-aligned and ragged ranges', async () => {
    const starts = [B - HOUR, B - 7 * SECOND, B + 30 * SECOND];
    const ends = [B + 2 * MINUTE + 5 * SECOND, B + 3 * HOUR, B + 3 * HOUR + 17 * SECOND];
    for (const startMs of starts) {
      for (const endMs of ends) {
        for (const rollupSeconds of [3600, 7200]) {
          for (const query of ['', 'browser:firefox', '!browser:firefox', 'environment:staging', 'release:2.0.0']) {
            for (const uniqueUsers of query === '' ? [false, true] : [false]) {
              const selection = { projectIds: [P], query, startMs, endMs, rollupSeconds, uniqueUsers };
              const answer = await series({
                query,
                ...range(startMs, endMs),
                rollupSeconds,
                aggregation: uniqueUsers ? Aggregation.UNIQUE_USERS : Aggregation.TOTAL,
              });
              expect(answer, JSON.stringify(selection)).toEqual(expectedSeries(stored, selection));
            }
          }
        }
      }
    }
  });
});

describe('GetEventAggregates', () => {
  it('totals events and distinct users over [start, end) with filters, groups and projects', async () => {
    const { api } = ingest();
    const cases = [
      { projectIds: [P], startMs: B, endMs: B + 2 * HOUR },
      { projectIds: [P], startMs: B + 30 * SECOND, endMs: B + MINUTE + 45 * SECOND },
      { projectIds: [P], startMs: B - HOUR, endMs: B + 3 * HOUR, query: 'level:error' },
      { projectIds: [P], startMs: B - HOUR, endMs: B + 3 * HOUR, query: '!browser:firefox' },
      { projectIds: [P], startMs: B - HOUR, endMs: B + 3 * HOUR, groupIds: [groupOf['g1'] ?? ''] },
      { projectIds: [P, Q], startMs: B - HOUR, endMs: B + 3 * HOUR },
      { projectIds: [Q], startMs: B, endMs: B + 1 },
    ];
    expect(expectedAggregates(stored, cases[0]!)).toEqual({ eventCount: '8', uniqueUsers: '4' });
    for (const c of cases) {
      const answer = await api.getEventAggregates({ ...c, start: at(c.startMs), end: at(c.endMs) });
      expect(answer, JSON.stringify(c)).toEqual(expectedAggregates(stored, c));
    }
  });
});
