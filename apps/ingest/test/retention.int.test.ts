// Retention over several days of events, with the clock moved (injected):
// whole days go with their counters, and over what remains every invariant
// holds and every statistic agrees with an independent oracle; ingest keeps
// accepting and answering while a day is dropped.
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Aggregation, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import { status } from '@grpc/grpc-js';
import { openDatabase } from '@vigil/runtime';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_ENTITIES } from '../src/db/entities.js';
import { INGEST_MIGRATIONS } from '../src/db/migrations.js';
import { runRetention, type RetentionOptions } from '../src/retention/run-retention.js';
import { useIngest } from './ingest-harness.js';
import { allCountMismatches, storedEventCount } from './recount.js';
import { seededRandom } from './seeded-random.js';
import { countedEvent, expectedAggregates, expectedSeries, type CountedEvent } from './stats-oracle.js';
import { at, DAY, eventIdOf, HOUR, MINUTE, SECOND, T0, testEvent } from './test-events.js';

const ingest = useIngest();
const P = '1';
const Q = '2';
const DAYS = 6; // T0 … T0 + 5 days
let orm: MikroORM;
const stored = new Map<string, CountedEvent>(); // by project/event id/day: the oracle's stored events

beforeAll(async () => {
  orm = await openDatabase({
    databaseUrl: ingest().database.url,
    entities: INGEST_ENTITIES,
    migrations: INGEST_MIGRATIONS,
    logger: pino({ level: 'silent' }),
  });
  const random = seededRandom(11);
  const events: Event[] = [];
  for (let day = 0; day < DAYS; day += 1) {
    for (let i = 0; i < 120; i += 1) {
      const project = i % 3 === 0 ? Q : P;
      // g-old lives on the first two days only (it must go); g-all on every day; the rest spread.
      const group = day < 2 && i % 4 === 0 ? 'g-old' : i % 5 === 0 ? 'g-all' : `g${random.below(4)}`;
      events.push(
        testEvent({
          projectId: project,
          eventId: eventIdOf(day * 1000 + i + 1),
          timestamp: at(T0 + day * DAY + random.below(24 * 60) * MINUTE + random.below(60) * SECOND),
          level: 1 + random.below(5),
          environment: random.below(3) === 0 ? 'staging' : 'production',
          fingerprint: [group],
          tags: { browser: random.below(2) === 0 ? 'firefox' : 'chrome' },
          user: { id: `u${random.below(15)}`, email: '', username: '', ipAddress: '' },
        }),
      );
    }
  }
  // The first 30 events again with new content: last write wins replaces them (counters move with them).
  const replacements = events.slice(0, 30).map((e, i) => ({ ...e, level: 1 + (i % 5), fingerprint: ['g-all'] }));
  for (const batch of [events, replacements]) {
    for (let i = 0; i < batch.length; i += 250) {
      const part = batch.slice(i, i + 250);
      const { results } = await ingest().api.storeEvents(part);
      part.forEach((e, j) => stored.set(keyOf(e), countedEvent(e, results[j]?.groupId ?? '')));
    }
  }
});

afterAll(async () => {
  await orm?.close();
});

function keyOf(e: Event): string {
  return `${e.projectId}/${e.eventId}/${e.timestamp?.toISOString().slice(0, 10)}`;
}

const retention = (now: number, retentionDays: number, dryRun = false): RetentionOptions => ({
  now: at(now),
  retentionDays,
  dryRun,
  daysPreparedAhead: 0,
});

const em = () => orm.em.fork() as EntityManager;

/** Tables a run detached and has not dropped yet. */
async function detachedTables(): Promise<string[]> {
  const { rows } = await ingest().sql.query<{ relname: string }>(
    `SELECT relname FROM pg_class WHERE relname LIKE 'detached\\_%' AND relkind = 'r' ORDER BY 1`,
  );
  return rows.map((r) => r.relname);
}

async function partitionDays(): Promise<string[]> {
  const { rows } = await ingest().sql.query<{ relname: string }>(
    `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'ingest_event'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.relname);
}

/** Every group: times_seen = its stored events, first_seen = its earliest, last_seen = its latest; none empty. */
async function groupMismatches(): Promise<unknown[]> {
  const { rows } = await ingest().sql.query(
    `SELECT g.project_id, g.group_id, g.times_seen, e.events, g.first_seen, e.first, g.last_seen, e.last
     FROM ingest_group g FULL JOIN (
       SELECT project_id, group_id, count(*) AS events, min("timestamp") AS first, max("timestamp") AS last
       FROM ingest_event GROUP BY 1, 2) e USING (project_id, group_id)
     WHERE g.times_seen IS DISTINCT FROM e.events OR g.first_seen IS DISTINCT FROM e.first
        OR g.last_seen IS DISTINCT FROM e.last`,
  );
  return rows;
}

describe('retention', () => {
  it('a dry run says what would go and changes nothing', async () => {
    const before = await storedEventCount(ingest().sql);
    const run = await runRetention(em(), retention(T0 + 5 * DAY + 12 * HOUR, 3, true));
    const onDay = (d: number) => [...stored.values()].filter((e) => Math.floor((e.timestampMs - T0) / DAY) === d);
    expect(run).toEqual({
      ran: true,
      oldestDayKept: '2021-01-03',
      days: [
        { day: '2021-01-01', events: onDay(0).length, groupsRemoved: 0 },
        { day: '2021-01-02', events: onDay(1).length, groupsRemoved: 0 },
      ],
      leftoverTables: [],
    });
    expect(await storedEventCount(ingest().sql)).toBe(before);
    expect(await partitionDays()).toContain('ingest_event_p20210101');
  });

  it('drops whole days older than the retention with their counters; what remains is exact', async () => {
    const now = T0 + 5 * DAY + 12 * HOUR; // retention 3 days: 2021-01-03 is the oldest day kept
    const cutoff = T0 + 2 * DAY;
    const remaining = [...stored.values()].filter((e) => e.timestampMs >= cutoff);
    const groupKey = (e: CountedEvent) => `${e.projectId}/${e.groupId}`;
    const goneGroups = new Set([...stored.values()].map(groupKey));
    remaining.forEach((e) => goneGroups.delete(groupKey(e)));
    expect(goneGroups.size).toBeGreaterThan(0); // g-old of both projects

    const run = await runRetention(em(), retention(now, 3));
    expect(run.days.map((d) => d.day)).toEqual(['2021-01-01', '2021-01-02']);
    expect(run.days.reduce((n, d) => n + d.events, 0)).toBe(stored.size - remaining.length);
    expect(run.days.reduce((n, d) => n + d.groupsRemoved, 0)).toBe(goneGroups.size);

    const partitions = await partitionDays();
    expect(partitions).not.toContain('ingest_event_p20210101');
    expect(partitions).not.toContain('ingest_event_p20210102');
    expect(partitions).toContain('ingest_event_p20210103');
    const { rows: counterPartitions } = await ingest().sql.query(
      `SELECT relname FROM pg_class WHERE relname ~ '_p2021010[12]$'`,
    );
    expect(counterPartitions).toEqual([]);

    expect(await storedEventCount(ingest().sql)).toBe(remaining.length);
    expect(await allCountMismatches(ingest().sql)).toEqual([]);
    expect(await groupMismatches()).toEqual([]);
    for (const key of goneGroups) {
      const [projectId = '', groupId = ''] = key.split('/');
      await expect(ingest().api.getGroup(projectId, groupId)).rejects.toMatchObject({ code: status.NOT_FOUND });
    }

    const start = T0 - DAY;
    const end = T0 + DAYS * DAY;
    for (const query of ['', 'level:error', 'browser:firefox', '!environment:production', 'user.id:u3']) {
      for (const [rollupSeconds, uniqueUsers] of [
        [3600, false],
        [6 * 3600, false],
        [86_400, true],
      ] as const) {
        const selection = { projectIds: [P, Q], query, startMs: start, endMs: end, rollupSeconds, uniqueUsers };
        const { buckets } = await ingest().api.getEventStats({
          projectIds: [P, Q],
          query,
          start: at(start),
          end: at(end),
          rollupSeconds,
          aggregation: uniqueUsers ? Aggregation.UNIQUE_USERS : Aggregation.TOTAL,
        });
        const answer = buckets.map((b) => [b.start?.getTime(), Number(b.value)]);
        expect(answer, JSON.stringify(selection)).toEqual(expectedSeries(remaining, selection));
      }
      const aggregates = await ingest().api.getEventAggregates({
        projectIds: [P],
        query,
        start: at(start),
        end: at(end),
      });
      expect(aggregates).toMatchObject(
        expectedAggregates(remaining, { projectIds: [P], query, startMs: start, endMs: end }),
      );
    }

    // Running again with the same clock finds nothing more to drop.
    expect((await runRetention(em(), retention(now, 3))).days).toEqual([]);
  });

  it('keeps accepting and answering while a day is dropped, and counts stay exact', async () => {
    const { api, sql } = ingest();
    // A day of its own to drop, with enough events that the drop is not instant.
    const big = Array.from({ length: 3000 }, (_, i) =>
      testEvent({
        projectId: P,
        eventId: eventIdOf(900_000 + i),
        timestamp: at(T0 + 2 * DAY + (i % 1440) * MINUTE),
        fingerprint: [`big ${i % 40}`],
      }),
    );
    for (let i = 0; i < big.length; i += 500) await api.storeEvents(big.slice(i, i + 500));

    let dropping = true;
    const answered: string[] = [];
    const traffic = (async () => {
      for (let n = 0; dropping || n < 20; n += 1) {
        const event = testEvent({
          projectId: P,
          eventId: eventIdOf(950_000 + n),
          timestamp: at(T0 + 4 * DAY + n * SECOND),
          fingerprint: ['during retention'],
        });
        const { outcome } = await api.storeEvent(event);
        const { buckets } = await api.getEventStats({
          projectIds: [P],
          start: at(T0 + 4 * DAY),
          end: at(T0 + 5 * DAY),
          rollupSeconds: 86_400,
        });
        answered.push(`${outcome}:${buckets[0]?.value}`);
      }
    })();
    const run = await runRetention(em(), retention(T0 + 5 * DAY + 12 * HOUR, 2));
    dropping = false;
    await traffic;

    expect(run.days.map((d) => d.day)).toEqual(['2021-01-03']);
    expect(answered.length).toBeGreaterThanOrEqual(20);
    expect(await allCountMismatches(sql)).toEqual([]);
    expect(await groupMismatches()).toEqual([]);
    const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ingest_event WHERE day < '2021-01-04'`);
    expect(rows[0]?.n).toBe('0');
  });

  it("a run that stops between a day's detach and its drop: the next run drops what is left and subtracts nothing", async () => {
    const { sql } = ingest();
    const now = T0 + 5 * DAY + 12 * HOUR; // retention 1 day: 2021-01-04 goes
    const before = await storedEventCount(sql);
    const { rows: onDay } = await sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM ingest_event WHERE day = '2021-01-04'`,
    );
    const dayEvents = Number(onDay[0]?.n);
    expect(dayEvents).toBeGreaterThan(0);

    // The process dies once the day has left the live tables, before any file is dropped.
    const stopped = runRetention(em(), {
      ...retention(now, 1),
      onDayDetached: () => {
        throw new Error('stopped between the steps');
      },
    });
    await expect(stopped).rejects.toThrow('stopped between the steps');
    const detached = [
      'detached_ingest_event_p20210104',
      'detached_ingest_group_minute_count_p20210104',
      'detached_ingest_hour_count_p20210104',
      'detached_ingest_minute_count_p20210104',
      'detached_ingest_term_hour_count_p20210104',
    ];
    expect(await detachedTables()).toEqual(detached);
    expect(await partitionDays()).not.toContain('ingest_event_p20210104');
    // The counts left with the day, in the same commit: exact already.
    expect(await storedEventCount(sql)).toBe(before - dayEvents);
    expect(await allCountMismatches(sql)).toEqual([]);
    expect(await groupMismatches()).toEqual([]);

    const run = await runRetention(em(), retention(now, 1));
    expect(run).toMatchObject({ days: [], leftoverTables: detached });
    expect(await detachedTables()).toEqual([]);
    const { rows: files } = await sql.query(`SELECT relname FROM pg_class WHERE relname ~ '_p20210104'`);
    expect(files).toEqual([]); // tables and their indexes
    expect(await storedEventCount(sql)).toBe(before - dayEvents);
    expect(await allCountMismatches(sql)).toEqual([]);
    expect(await groupMismatches()).toEqual([]);
  });

  it('a late event for a day without partitions is stored (the day is made on demand)', async () => {
    const late = testEvent({ projectId: P, eventId: eventIdOf(990_001), timestamp: at(T0 - 30 * DAY) });
    const { outcome } = await ingest().api.storeEvent(late);
    expect(outcome).toBe(StoreOutcome.STORED);
    expect(await partitionDays()).toContain('ingest_event_p20201202');
    expect(await allCountMismatches(ingest().sql)).toEqual([]);
  });
});
