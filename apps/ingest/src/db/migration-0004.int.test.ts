// Migration 0004 on a database that already holds events: existing groups get
// the title and description of their most recently stored event, and the
// replaced counting triggers go on counting exactly.
import { openDatabase } from '@vigil/runtime';
import { useTestDatabase } from '@vigil/testing';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, expect, it } from 'vitest';
import { INGEST_ENTITIES } from './entities.js';
import { INGEST_MIGRATIONS } from './migrations.js';

const database = useTestDatabase(); // fresh: only the migrations shape it
const logger = pino({ level: 'silent' });
let client: pg.Client | undefined;
afterAll(() => client?.end());

async function migrate(count: number): Promise<void> {
  const orm = await openDatabase({
    databaseUrl: database().url,
    entities: INGEST_ENTITIES,
    migrations: INGEST_MIGRATIONS.slice(0, count),
    logger,
  });
  await orm.close();
}

// Columns of version 3; group_id is whatever the events carry, the triggers make the groups.
const INSERT_V3 = `INSERT INTO ingest_event (project_id, event_id, day, "timestamp", received_at, group_id, level,
  message, culprit, exception_type, exception_value)
  VALUES ($1, $2, '2026-01-01', $3, $4, $5, $6, $7, $8, $9, $10)`;

it('describes existing groups by their most recently stored event, and counting goes on', async () => {
  await migrate(3);
  client = new pg.Client({ connectionString: database().url });
  await client.connect();
  await client.query(`SELECT ingest_create_day_partitions('2026-01-01')`);
  const row = (
    id: string,
    time: string,
    received: string,
    group: string,
    level: number,
    message: string,
    type = '',
    value = '',
  ) =>
    client!.query(INSERT_V3, ['1', id.repeat(32), time, received, group, level, message, `c-${message}`, type, value]);
  // Group a: the latest timestamp (event 1) is not the latest stored (event 2).
  await row(
    '1',
    '2026-01-01T10:00:00Z',
    '2026-01-01T10:00:01Z',
    'a',
    1,
    'late timestamp',
    'TypeError',
    'x is undefined',
  );
  await row('2', '2026-01-01T09:00:00Z', '2026-01-01T11:00:00Z', 'a', 4, 'stored last', 'TypeError', 'y is undefined');
  // Group b: a message with the exception an SDK attaches to it (no type, the message's text).
  await row('3', '2026-01-01T09:00:00Z', '2026-01-01T09:00:01Z', 'b', 3, 'Payment declined', '', 'Payment declined');
  const before = await client.query(`SELECT group_id, level FROM ingest_group ORDER BY group_id`);
  expect(before.rows).toEqual([
    { group_id: 'a', level: 1 },
    { group_id: 'b', level: 3 },
  ]);

  await migrate(INGEST_MIGRATIONS.length);
  const described = await client.query(
    `SELECT group_id, times_seen::int, level, culprit, message, title FROM ingest_group ORDER BY group_id`,
  );
  expect(described.rows).toEqual([
    {
      group_id: 'a',
      times_seen: 2,
      level: 4,
      culprit: 'c-stored last',
      message: 'stored last',
      title: 'TypeError: y is undefined',
    },
    {
      group_id: 'b',
      times_seen: 1,
      level: 3,
      culprit: 'c-Payment declined',
      message: 'Payment declined',
      title: 'Payment declined',
    },
  ]);

  // A new event through the replaced trigger: counted, and it describes group a now.
  await client.query(
    `INSERT INTO ingest_event (project_id, event_id, day, "timestamp", received_at, group_id, level, message, title)
     VALUES (1, $1, '2026-01-01', '2026-01-01T08:00:00Z', '2026-01-01T12:00:00Z', 'a', 2, 'newest', 'Error: newest')`,
    ['4'.repeat(32)],
  );
  const after = await client.query(`SELECT times_seen::int, level, title FROM ingest_group WHERE group_id = 'a'`);
  expect(after.rows).toEqual([{ times_seen: 3, level: 2, title: 'Error: newest' }]);
});
