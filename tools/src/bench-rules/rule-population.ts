// The benchmark's data: events in ingest over the last few minutes, spread
// across projects, and N rules in incidents watching them. Rules are written
// with one SQL statement (a gRPC call each would time the API, not the
// evaluator), parked a day ahead so none is due until the run says so.
import type { Event } from '@vigil/contracts/ingest';
import { Level } from '@vigil/contracts/ingest';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const PROJECTS = 200;
export const EVENTS_PER_PROJECT = 20;
/** Every rule's window: the events are all inside it. */
export const TIME_WINDOW_MINUTES = 5;

/** Events of every project, within the last four minutes, 3 users each. */
export function benchEvents(now: number): Event[] {
  const events: Event[] = [];
  for (let project = 1; project <= PROJECTS; project += 1) {
    for (let i = 0; i < EVENTS_PER_PROJECT; i += 1) {
      events.push({
        eventId: randomUUID(),
        projectId: String(project),
        timestamp: new Date(now - 10_000 - ((project * 7 + i * 11_000) % 230_000)),
        level: i % 4 === 0 ? Level.WARNING : Level.ERROR,
        platform: 'node',
        message: `failure ${i % 3}`,
        culprit: 'bench',
        environment: 'production',
        release: '1.0.0',
        fingerprint: [`bench-${i % 3}`],
        tags: {},
        user: { id: `u${i % 3}`, email: '', username: '', ipAddress: '' },
        exception: undefined,
        causes: [],
      });
    }
  }
  return events;
}

/** What rule `i` asks ingest (as INSERT_RULES_SQL writes it): the floor makes the same calls. */
export function ruleQuestion(i: number): { projectId: string; query: string } {
  return { projectId: String((i % PROJECTS) + 1), query: i % 2 === 0 ? '' : 'level:error' };
}

// Every tenth rule fires (20 events or 3 users is above 2); the rest stay quiet
// (critical a million). One evaluation pass therefore opens N/10 incidents,
// the costliest kind of settle, and leaves the rest unchanged. The rules
// belong to 7 organizations, so the firing ones are spread over all of them:
// opening incidents in one organization queues on its identifier counter.
const INSERT_RULES_SQL = `
  INSERT INTO alert_rule (organization_id, project_ids, name, query, aggregation, time_window_minutes,
                          created_at, updated_at, comparison, critical_threshold, next_evaluation_at)
  SELECT 1 + i % 7, ARRAY[(i % $2) + 1]::bigint[], 'bench rule ' || i,
         CASE WHEN i % 2 = 0 THEN '' ELSE 'level:error' END,
         CASE WHEN i % 3 = 0 THEN 'UNIQUE_USERS' ELSE 'TOTAL' END,
         $3, now(), now(), 'ABOVE', CASE WHEN i % 10 = 0 THEN 2 ELSE 1000000 END, now() + interval '1 day'
  FROM generate_series(0, $1 - 1) AS i`;

export async function insertRules(incidentsUrl: string, count: number): Promise<void> {
  await withClient(incidentsUrl, (client) => client.query(INSERT_RULES_SQL, [count, PROJECTS, TIME_WINDOW_MINUTES]));
}

/** Makes every rule due now (this process's clock, as the evaluator reads its own); returns that instant. */
export async function makeAllDue(incidentsUrl: string): Promise<Date> {
  const now = new Date();
  await withClient(incidentsUrl, (client) => client.query('UPDATE alert_rule SET next_evaluation_at = $1', [now]));
  return now;
}

/** Rules not yet evaluated since `since` (their slot not moved past it). */
export async function rulesNotEvaluatedSince(incidentsUrl: string, since: Date): Promise<number> {
  return withClient(incidentsUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM alert_rule WHERE next_evaluation_at <= $1',
      [since],
    );
    return Number(rows[0]?.n ?? 0);
  });
}

export async function ruleIncidents(incidentsUrl: string): Promise<number> {
  return withClient(incidentsUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM incident WHERE opened_by_rule');
    return Number(rows[0]?.n ?? 0);
  });
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
