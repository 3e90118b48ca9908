// Retention run by the service's own role when that role has row rights only
// (DATABASE_MIGRATIONS=verify, migrations applied by another role): the day's
// partitions are detached and dropped through migration 0007's SECURITY
// DEFINER functions, and everything that remains is exact.
import type { MikroORM } from '@mikro-orm/postgresql';
import { openDatabase } from '@vigil/runtime';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_ENTITIES } from '../src/db/entities.js';
import { INGEST_MIGRATIONS } from '../src/db/migrations.js';
import { runRetention } from '../src/retention/run-retention.js';
import { directSql, useIngest } from './ingest-harness.js';
import { allCountMismatches, storedEventCount } from './recount.js';
import { at, DAY, eventIdOf, HOUR, MINUTE, T0, testEvent } from './test-events.js';

const ingest = useIngest();
const role = `vigil_rows_${randomBytes(6).toString('hex')}`;
let rowsOnly: { orm: MikroORM; sql: pg.Pool } | undefined;

beforeAll(async () => {
  const events = Array.from({ length: 4 * 50 }, (_, i) =>
    testEvent({
      projectId: '1',
      eventId: eventIdOf(i + 1),
      timestamp: at(T0 + Math.floor(i / 50) * DAY + (i % 50) * MINUTE),
      fingerprint: [`g${i % 3}`],
    }),
  );
  await ingest().api.storeEvents(events);

  // A login role that may read and write rows, as an operator grants one, and nothing else.
  const { url } = ingest().database;
  const database = new URL(url).pathname.slice(1);
  const password = randomBytes(12).toString('hex');
  for (const statement of [
    `CREATE ROLE ${role} LOGIN PASSWORD '${password}'`,
    `GRANT CONNECT ON DATABASE ${pg.escapeIdentifier(database)} TO ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
  ])
    await ingest().sql.query(statement);
  const roleUrl = new URL(url);
  roleUrl.username = role;
  roleUrl.password = password;
  rowsOnly = {
    orm: await openDatabase({
      databaseUrl: roleUrl.toString(),
      entities: INGEST_ENTITIES,
      migrations: INGEST_MIGRATIONS,
      migrationMode: 'verify',
      logger: pino({ level: 'silent' }),
    }),
    sql: directSql(roleUrl.toString()),
  };
});

afterAll(async () => {
  await rowsOnly?.orm.close();
  await rowsOnly?.sql.end();
  // The role is cluster-wide: its grants go first (in this database), then the role.
  await ingest().sql.query(`DROP OWNED BY ${role}`);
  await ingest().sql.query(`DROP ROLE ${role}`);
});

function roleSide(): { orm: MikroORM; sql: pg.Pool } {
  if (rowsOnly === undefined) throw new Error('beforeAll has not run');
  return rowsOnly;
}

describe('retention on a role with row rights only', () => {
  it('the role cannot drop a partition itself', async () => {
    await expect(roleSide().sql.query('DROP TABLE ingest_event_p20210101')).rejects.toMatchObject({ code: '42501' });
  });

  it('drops the days older than the retention through the definer functions; what remains is exact', async () => {
    const run = await runRetention(roleSide().orm.em.fork(), {
      now: at(T0 + 3 * DAY + 12 * HOUR),
      retentionDays: 2,
      dryRun: false,
      daysPreparedAhead: 0,
    });
    expect(run.days).toEqual([{ day: '2021-01-01', events: 50, groupsRemoved: 0 }]);
    const { rows } = await ingest().sql.query(`SELECT relname FROM pg_class WHERE relname ~ '_p20210101$'`);
    expect(rows).toEqual([]);
    expect(await storedEventCount(ingest().sql)).toBe(150);
    expect(await allCountMismatches(ingest().sql)).toEqual([]);
  });

  it('the detach function refuses a day ingest still writes (yesterday, today, later) and detaches nothing', async () => {
    const today = "(now() AT TIME ZONE 'UTC')::date";
    const partitionsOfToday = async () =>
      (
        await ingest().sql.query(
          `SELECT relname FROM pg_class WHERE relname ~ ('_p' || to_char(${today}, 'YYYYMMDD') || '$')`,
        )
      ).rows.length;
    const before = await partitionsOfToday(); // made by ingest at start: one per day-partitioned table
    expect(before).toBeGreaterThanOrEqual(4);
    for (const offset of [-1, 0, 1])
      await expect(
        roleSide().sql.query(`SELECT ingest_detach_day_partitions(${today} + $1::int)`, [offset]),
      ).rejects.toMatchObject({ code: '22023' });
    expect(await partitionsOfToday()).toBe(before);
  });

  it('the drop function drops no table but a detached day partition', async () => {
    for (const name of ['ingest_event_p20210102', 'ingest_group', 'detached_ingest_group', 'public.ingest_event'])
      await expect(roleSide().sql.query('SELECT ingest_drop_detached_day_tables($1)', [[name]])).rejects.toMatchObject({
        code: '22023',
      });
    const { rows } = await ingest().sql.query(`SELECT relname FROM pg_class WHERE relname = 'ingest_event_p20210102'`);
    expect(rows).toHaveLength(1);
  });
});
