// The entities are what the code reads and writes through; the SQL migrations
// are what a database really gets. A column renamed, retyped or given a default
// in one and not the other passes every unit test and fails in production:
// MikroORM's schema diff of a freshly migrated database against the entities
// catches it here. The migrations own some things on purpose (below, each with
// its reason); anything else in the diff fails this test.
import { openDatabase, schemaDrift, type DeliberateDrift } from '@vigil/runtime';
import { useTestDatabase } from '@vigil/testing';
import { pino } from 'pino';
import { expect, it } from 'vitest';
import { INGEST_ENTITIES } from './entities.js';
import { INGEST_MIGRATIONS } from './migrations.js';

const DELIBERATE: DeliberateDrift[] = [
  {
    statements: /^drop table if exists "ingest_(group_minute_count|hour_count|minute_count|term_hour_count)" cascade;$/,
    reason: 'the counter tables are written only by triggers and read with SQL: no entity maps them',
  },
  {
    statements:
      /^drop (trigger if exists "ingest_event_(terms_)?counted_on_(insert|update)" on "ingest_event"|function if exists "ingest_event_ingest_event_(terms_)?counted_on_(insert|update)_fn"\(\));$/,
    reason: 'the counting triggers keep the counters exact in the same transaction; entities cannot declare triggers',
  },
  {
    statements:
      /^drop function if exists "(ingest_(create|drop|detach)_day_partitions"\(date\)|ingest_drop_detached_day_tables"\(text\[\]\));$/,
    reason:
      'day partitions are made (ahead of time and on demand), detached and dropped by SQL functions of the migrating role, so a role with row rights only can run ingest and its retention; entities cannot declare functions',
  },
  {
    statements: /^drop index "ingest_event_(project_time|project_group_time|project_user_time|tags)";$/,
    reason:
      'query indexes (INCLUDE columns, GIN jsonb_path_ops) are written for the planner in SQL, not declared on entities',
  },
  {
    statements: /^drop function if exists "ingest_event_terms"\(.*\);$/,
    reason:
      'the terms an event is counted under, used by the term-counting triggers; entities cannot declare functions',
  },
];

const database = useTestDatabase(); // fresh, no template: only the migrations shape it

it('the ingest entities match the schema its migrations build', async () => {
  const orm = await openDatabase({
    databaseUrl: database().url,
    entities: INGEST_ENTITIES,
    migrations: INGEST_MIGRATIONS,
    logger: pino({ level: 'silent' }),
  });
  try {
    expect(await schemaDrift(orm, DELIBERATE)).toEqual({ unexplained: [], stale: [] });
  } finally {
    await orm.close();
  }
});
