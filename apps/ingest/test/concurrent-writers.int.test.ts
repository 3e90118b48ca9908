// 16 clients, each on its own connection, send the same 1,000 event ids at
// once (half as unary StoreEvent calls, half as StoreEvents batches), each
// in its own order and with its own content: exactly 1,000 events are left,
// each key answered STORED exactly once, and every count equals them.
import { DedupPolicy, StoreOutcome, type Event } from '@vigil/contracts/ingest';
import { afterAll, describe, expect, it } from 'vitest';
import { connectIngest, type IngestApi } from './ingest-api.js';
import { useIngest } from './ingest-harness.js';
import { allCountMismatches, storedEventCount } from './recount.js';
import { seededRandom } from './seeded-random.js';
import { at, DAY, eventIdOf, HOUR, SECOND, T0, testEvent } from './test-events.js';

const CLIENTS = 16;
const IDS = 1000;
const UNARY_IN_FLIGHT = 32;
const BATCH_SIZE = 100;
const LWW_PROJECT = '1';
const FWW_PROJECT = '2';
const ingest = useIngest({
  DEDUP_POLICY: 'LAST_WRITE_WINS',
  DEDUP_POLICY_OVERRIDES: `${FWW_PROJECT}=FIRST_WRITE_WINS`,
});

/** Client c's copy of event i: same key for every client (same id, same day), different content, group, minute and level. */
function copyOf(projectId: string, client: number, i: number): Event {
  return testEvent({
    projectId,
    eventId: eventIdOf(i + 1),
    timestamp: at(T0 + (i * 13 + client * 61) * SECOND),
    level: 1 + (client % 5),
    culprit: `client ${client}`,
    fingerprint: [`client group ${client % 4}`],
    user: { id: `u${i % 50}`, email: '', username: '', ipAddress: '' },
  });
}

function shuffled(n: number, seed: number): number[] {
  const r = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    const j = r.below(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

interface Answer {
  readonly client: number;
  readonly outcome: StoreOutcome;
  readonly groupId: string;
}

/** One client's run: its 1,000 copies, unary with a window of calls in flight, or in sequential batches. */
async function sendAll(api: IngestApi, projectId: string, client: number, answers: Answer[][]): Promise<void> {
  const order = shuffled(IDS, client + 1);
  const record = (i: number, outcome: StoreOutcome, groupId: string) => answers[i]?.push({ client, outcome, groupId });
  if (client % 2 === 0) {
    let next = 0;
    const worker = async () => {
      for (let k = next++; k < IDS; k = next++) {
        const i = order[k] as number;
        const answer = await api.storeEvent(copyOf(projectId, client, i));
        record(i, answer.outcome, answer.groupId);
      }
    };
    await Promise.all(Array.from({ length: UNARY_IN_FLIGHT }, worker));
  } else {
    for (let k = 0; k < IDS; k += BATCH_SIZE) {
      const slice = order.slice(k, k + BATCH_SIZE);
      const { results } = await api.storeEvents(slice.map((i) => copyOf(projectId, client, i)));
      results.forEach((result, j) => record(slice[j] as number, result.outcome, result.groupId));
    }
  }
}

const clients: IngestApi[] = [];
afterAll(() => clients.forEach((c) => c.close()));

async function race(projectId: string): Promise<Answer[][]> {
  const { port } = ingest();
  // A distinct channel option per client: its own HTTP/2 connection.
  while (clients.length < CLIENTS) clients.push(connectIngest(port, { 'vigil.test.client': clients.length }));
  const answers: Answer[][] = Array.from({ length: IDS }, () => []);
  await Promise.all(clients.map((api, client) => sendAll(api, projectId, client, answers)));
  return answers;
}

interface StoredRow {
  readonly event_id: string;
  readonly group_id: string;
  readonly culprit: string;
}

async function storedRows(projectId: string): Promise<Map<string, StoredRow>> {
  const { rows } = await ingest().sql.query<StoredRow>(
    `SELECT replace(event_id::text, '-', '') AS event_id, group_id, culprit FROM ingest_event WHERE project_id = $1`,
    [projectId],
  );
  return new Map(rows.map((row) => [row.event_id, row]));
}

async function expectCountsOfOneThousand(projectId: string, rows: Map<string, StoredRow>): Promise<void> {
  const { api, sql } = ingest();
  expect(await storedEventCount(sql, projectId)).toBe(IDS);
  expect(await allCountMismatches(sql)).toEqual([]);

  const perGroup = new Map<string, string>();
  for (const row of rows.values()) perGroup.set(row.group_id, String(Number(perGroup.get(row.group_id) ?? 0) + 1));
  const { groups } = await api.listGroups({ projectId });
  const counted = new Map(groups.filter((g) => g.timesSeen !== '0').map((g) => [g.groupId, g.timesSeen]));
  expect(counted).toEqual(perGroup);

  const range = { projectIds: [projectId], start: at(T0), end: at(T0 + DAY) };
  expect(await api.getEventAggregates(range)).toEqual({ eventCount: String(IDS), uniqueUsers: '50' });
  for (const rollupSeconds of [60, 3600, 90]) {
    const { buckets } = await api.getEventStats({ ...range, rollupSeconds });
    expect(buckets.reduce((sum, b) => sum + Number(b.value), 0)).toBe(IDS);
  }
  const { buckets } = await api.getEventStats({ ...range, end: at(T0 + 4 * HOUR), rollupSeconds: 3600 });
  const { rows: perHour } = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM generate_series(0, 3) AS h
     LEFT JOIN ingest_event e ON e.project_id = $1 AND date_trunc('hour', e."timestamp") = $2::timestamptz + h * interval '1 hour'
     GROUP BY h ORDER BY h`,
    [projectId, at(T0)],
  );
  expect(buckets.map((b) => b.value)).toEqual(perHour.map((r) => String(Number(r.n))));
}

describe('16 clients sending the same 1,000 event ids at once', () => {
  it('last write wins: 1,000 events, each key STORED once and REPLACED by every other copy, counted once', async () => {
    const answers = await race(LWW_PROJECT);
    const rows = await storedRows(LWW_PROJECT);

    answers.forEach((copies) => {
      expect(copies).toHaveLength(CLIENTS);
      expect(copies.filter((a) => a.outcome === StoreOutcome.STORED)).toHaveLength(1);
      expect(copies.filter((a) => a.outcome === StoreOutcome.REPLACED)).toHaveLength(CLIENTS - 1);
    });
    // The stored copy is one of those sent, its group the one that client's copy has.
    for (const [i, copies] of answers.entries()) {
      const row = rows.get(eventIdOf(i + 1));
      const writer = copies.find((a) => `client ${a.client}` === row?.culprit);
      expect(writer?.groupId).toBe(row?.group_id);
    }
    await expectCountsOfOneThousand(LWW_PROJECT, rows);
  });

  it('first write wins: 1,000 events, the STORED copy is the one kept, every other copy is DUPLICATE with its group', async () => {
    const answers = await race(FWW_PROJECT);
    const rows = await storedRows(FWW_PROJECT);

    for (const [i, copies] of answers.entries()) {
      const row = rows.get(eventIdOf(i + 1));
      const stored = copies.filter((a) => a.outcome === StoreOutcome.STORED);
      expect(copies).toHaveLength(CLIENTS);
      expect(stored).toHaveLength(1);
      expect(`client ${stored[0]?.client}`).toBe(row?.culprit);
      expect(copies.filter((a) => a.outcome === StoreOutcome.DUPLICATE && a.groupId === row?.group_id)).toHaveLength(
        CLIENTS - 1,
      );
    }
    await expectCountsOfOneThousand(FWW_PROJECT, rows);
    expect((await ingest().api.storeEvent(copyOf(FWW_PROJECT, 0, 0))).policy).toBe(DedupPolicy.FIRST_WRITE_WINS);
  });
});
