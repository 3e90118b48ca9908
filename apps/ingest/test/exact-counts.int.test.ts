// The exact-count invariants of behaviour.md §1 after a seeded random mix of
// writes: new events, last-write-wins replacements that move an event to
// another group, minute and level, first-write-wins duplicates, the same id
// on another day; sent as StoreEvents batches (with repeated keys inside)
// and as concurrent unary StoreEvent calls. At each checkpoint the stored
// rows, every group's times_seen, the minute counters and the statistics
// must equal what the test's own model of the stored events says.
import { Aggregation, Level, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import { describe, expect, it } from 'vitest';
import { EventModel, storedRowLine, utcDayOf, type Policy } from './event-model.js';
import type { IngestApi } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import { allCountMismatches } from './recount.js';
import { seededRandom, testSeed, type Random } from './seeded-random.js';
import { expectedAggregates, expectedSeries } from './stats-oracle.js';
import { at, DAY, eventIdOf, HOUR, MINUTE, T0, testEvent } from './test-events.js';

const FWW_PROJECT = '2';
const PROJECTS = ['1', FWW_PROJECT, '3'];
const ingest = useIngest({
  DEDUP_POLICY: 'LAST_WRITE_WINS',
  DEDUP_POLICY_OVERRIDES: `${FWW_PROJECT}=FIRST_WRITE_WINS`,
});
const policyOf = (projectId: string): Policy => (projectId === FWW_PROJECT ? 'FIRST_WRITE_WINS' : 'LAST_WRITE_WINS');
const SEED = testSeed(20210101);
const DAYS = 3;

function randomEvent(r: Random, projectId: string, eventId: string, timestampMs: number): Event {
  const grouping = r.below(3);
  const user = r.below(4);
  return testEvent({
    projectId,
    eventId,
    timestamp: at(timestampMs),
    level: r.pick([Level.UNSPECIFIED, Level.FATAL, Level.ERROR, Level.ERROR, Level.WARNING, Level.INFO, Level.DEBUG]),
    fingerprint: grouping === 0 ? [r.pick(['db', 'net', 'auth'])] : [],
    exception: grouping === 1 ? { type: r.pick(['TypeError', 'RangeError']), value: 'bad' } : undefined,
    message: r.pick(['a', 'b', 'c']),
    environment: r.pick(['production', 'staging', '']),
    tags: r.chance(0.6) ? { browser: r.pick(['firefox', 'chrome']) } : {},
    user:
      user === 0
        ? undefined
        : user === 1
          ? { id: '', email: r.pick(['u1', 'x@y']), username: '', ipAddress: '' }
          : { id: r.pick(['u1', 'u2', 'u3', 'u4']), email: '', username: '', ipAddress: '' },
  });
}

/** The next write: a new event, the same key again (another minute, group, level…), or the same id on another day. */
function nextWrite(r: Random, model: EventModel, nextId: () => string): Event {
  const projectId = r.pick(PROJECTS);
  const existing = model.eventsOf(projectId);
  const kind = r.below(10);
  if (kind < 4 || existing.length === 0) return randomEvent(r, projectId, nextId(), T0 + r.below(DAYS * DAY));
  const { event } = r.pick(existing);
  const dayStart = Date.parse(`${utcDayOf(event.timestamp?.getTime() ?? 0)}T00:00:00Z`);
  if (kind < 9) return randomEvent(r, projectId, event.eventId, dayStart + r.below(DAY));
  return randomEvent(r, projectId, event.eventId, T0 + r.below(DAYS) * DAY + r.below(DAY));
}

interface Sent {
  readonly event: Event;
  readonly expected: StoreOutcome;
}

/** How many answers of each outcome, and how many replacements moved an event to another group. */
type Tally = Map<string, number>;
const count = (tally: Tally, what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);

/** Sends writes until `count` more have been answered, checking each answer against the model. */
async function sendRandomWrites(
  api: IngestApi,
  r: Random,
  model: EventModel,
  writes: number,
  nextId: () => string,
  tally: Tally,
): Promise<void> {
  for (let sentSoFar = 0; sentSoFar < writes;) {
    const batch = r.chance(0.5);
    const sends: Sent[] = [];
    const keys = new Set<string>();
    for (let size = batch ? 1 + r.below(30) : 1 + r.below(8); sends.length < size;) {
      const event = nextWrite(r, model, nextId);
      // Concurrent unary calls of one key would race: their order, hence the outcomes, is not the test's to know.
      const key = `${event.projectId}/${event.eventId}`;
      if (!batch && keys.has(key)) break;
      keys.add(key);
      const groupBefore = model.storedGroupOf(event);
      sends.push({ event, expected: model.store(event) });
      count(tally, `${StoreOutcome[sends.at(-1)?.expected ?? 0]}${batch ? ' in batch' : ''}`);
      if (groupBefore !== undefined && groupBefore !== model.storedGroupOf(event))
        count(tally, 'moved to another group');
    }
    const answers = batch
      ? (await api.storeEvents(sends.map((s) => s.event))).results
      : await Promise.all(sends.map((s) => api.storeEvent(s.event)));
    answers.forEach((answer, i) => {
      const sent = sends[i];
      const context = `seed ${SEED}, ${batch ? 'batch' : 'unary'} item ${i}: ${JSON.stringify(sent?.event)}`;
      expect({ outcome: answer.outcome, groupId: answer.groupId }, context).toEqual({
        outcome: sent?.expected,
        groupId: sent && model.storedGroupOf(sent.event),
      });
    });
    sentSoFar += sends.length;
  }
}

async function expectRowsAsModelled(model: EventModel): Promise<void> {
  const { sql } = ingest();
  const { rows } = await sql.query<{
    key: string;
    group_id: string;
    ms: string;
    level: number;
    message: string;
    environment: string;
    tags: Record<string, string>;
  }>(
    `SELECT concat_ws('/', project_id, replace(event_id::text, '-', ''), day) AS key, group_id,
            (extract(epoch FROM "timestamp") * 1000)::bigint::text AS ms, level, message, environment, tags
     FROM ingest_event`,
  );
  const stored = rows
    .map((row) => storedRowLine({ ...row, groupId: row.group_id, timestampMs: Number(row.ms) }))
    .sort();
  expect(stored, `seed ${SEED}`).toEqual(model.rows());
}

async function expectTimesSeenAsModelled(api: IngestApi, model: EventModel): Promise<void> {
  const seen = new Map<string, number>();
  for (const projectId of PROJECTS) {
    let pageToken = '';
    do {
      const page = await api.listGroups({ projectId, pageSize: 7, pageToken });
      page.groups
        .filter((g) => g.timesSeen !== '0')
        .forEach((g) => seen.set(`${projectId}/${g.groupId}`, Number(g.timesSeen)));
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
  }
  expect(seen, `seed ${SEED}`).toEqual(model.timesSeen());
}

const RANGES: [number, number, number[]][] = [
  [T0 - HOUR, T0 + DAYS * DAY + HOUR, [3600, 86400, 5400, 4000]],
  [T0 + 7 * HOUR + 13 * MINUTE + 27_500, T0 + DAY + 2 * HOUR + 5_250, [60, 90, 3600, 420]],
  [T0 + DAY + 30_000, T0 + DAY + 4 * HOUR, [60, 5, 90]],
];
const QUERIES = [
  '',
  'level:error',
  '!level:error',
  'level:warning !level:debug',
  'environment:production',
  'browser:firefox !level:fatal',
  'user.id:u1',
];

interface StatsCheck {
  readonly projectIds: string[];
  readonly query: string;
  readonly groupIds?: string[];
  readonly uniqueUsers?: boolean;
}

async function expectStatisticsAsModelled(api: IngestApi, model: EventModel): Promise<void> {
  const events = model.counted();
  const busiest = [...model.timesSeen().entries()].sort((a, b) => b[1] - a[1]).slice(0, 2);
  const groupIds = busiest.map(([key]) => key.split('/')[1] ?? '');
  const groupProjects = [...new Set(busiest.map(([key]) => key.split('/')[0] ?? ''))];
  for (const [startMs, endMs, rollups] of RANGES) {
    const range = { start: at(startMs), end: at(endMs) };
    const checks: StatsCheck[] = [
      ...QUERIES.map((query) => ({ projectIds: PROJECTS, query })),
      { projectIds: [FWW_PROJECT], query: '' },
      { projectIds: PROJECTS, query: '', uniqueUsers: true },
      { projectIds: PROJECTS, query: 'level:error', uniqueUsers: true },
      { projectIds: groupProjects, groupIds, query: '' },
      { projectIds: groupProjects, groupIds, query: 'level:error' },
      { projectIds: groupProjects, groupIds, query: 'browser:chrome' },
    ];
    // Independent reads: sent together, as a dashboard would.
    await Promise.all(
      checks.map(async ({ uniqueUsers, ...check }) => {
        const selection = { ...check, startMs, endMs };
        const aggregates = await api.getEventAggregates({ ...check, ...range });
        expect(aggregates, `seed ${SEED} ${JSON.stringify(selection)}`).toEqual(expectedAggregates(events, selection));
        for (const rollupSeconds of rollups) {
          const aggregation = uniqueUsers === true ? Aggregation.UNIQUE_USERS : Aggregation.TOTAL;
          const { buckets } = await api.getEventStats({ ...check, ...range, rollupSeconds, aggregation });
          const answer = buckets.map((b) => [b.start?.getTime(), Number(b.value)]);
          expect(answer, `seed ${SEED} ${JSON.stringify({ ...selection, rollupSeconds, uniqueUsers })}`).toEqual(
            expectedSeries(events, { ...selection, rollupSeconds, uniqueUsers }),
          );
        }
      }),
    );
  }
}

describe('exact counts after a random mix of writes', () => {
  it(`holds at every checkpoint (seed ${SEED}; replay with VIGIL_TEST_SEED)`, async () => {
    const { api, sql } = ingest();
    const r = seededRandom(SEED);
    const model = new EventModel(policyOf);
    let id = 0;
    const nextId = () => eventIdOf(++id);
    const tally: Tally = new Map();

    for (const writes of [200, 250]) {
      await sendRandomWrites(api, r, model, writes, nextId, tally);
      await expectRowsAsModelled(model);
      expect(await allCountMismatches(sql), `seed ${SEED}`).toEqual([]);
      await expectTimesSeenAsModelled(api, model);
      await expectStatisticsAsModelled(api, model);
    }
    // The mix did what it was meant to: every kind of write happened, both ways, often.
    for (const what of [
      'STORED',
      'REPLACED',
      'DUPLICATE',
      'STORED in batch',
      'REPLACED in batch',
      'DUPLICATE in batch',
      'moved to another group',
    ]) {
      expect(tally.get(what) ?? 0, `${what} (seed ${SEED})`).toBeGreaterThan(10);
    }
  });
});

describe('the recount itself', () => {
  // Run last: it spoils the counters on purpose, to show the checks above can fail.
  it('notices any counter that is off by one', async () => {
    const { sql } = ingest();
    const counters: [table: string, column: string, key: string, mismatch: string][] = [
      ['ingest_group', 'times_seen', 'project_id, group_id', 'ingest_group.times_seen'],
      ['ingest_minute_count', 'events', 'project_id, minute, level', 'ingest_minute_count'],
      ['ingest_group_minute_count', 'events', 'project_id, group_id, minute, level', 'ingest_group_minute_count'],
      ['ingest_hour_count', 'events', 'project_id, hour, level', 'ingest_hour_count'],
      ['ingest_term_hour_count', 'events', 'project_id, term, value, hour', 'ingest_term_hour_count'],
    ];
    for (const [table, column, key, mismatch] of counters) {
      const { rows } = await sql.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
      if (rows[0]?.present !== true) continue;
      const nudge = (by: number) =>
        sql.query(
          `UPDATE ${table} SET ${column} = ${column} + ${by} WHERE (${key}) = (SELECT ${key} FROM ${table} WHERE ${column} > 0 ORDER BY ${key} LIMIT 1)`,
        );
      await nudge(1);
      expect((await allCountMismatches(sql)).map((m) => m.counter)).toEqual([mismatch]);
      await nudge(-1);
    }
    expect(await allCountMismatches(sql)).toEqual([]);
  });
});
