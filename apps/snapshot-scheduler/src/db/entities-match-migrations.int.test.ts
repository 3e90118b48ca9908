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
import { SCHEDULER_ENTITIES } from './entities.js';
import { SCHEDULER_MIGRATIONS } from './migrations.js';

const DELIBERATE: DeliberateDrift[] = [
  {
    statements: /^drop index "scheduler_pending_snapshot_next_attempt";$/,
    reason: "the claim query's index is written for the planner in SQL, not declared on an entity",
  },
  {
    statements:
      /^alter table "scheduler_pending_snapshot" drop constraint "scheduler_pending_snapshot_(attempts_not_negative|lease_whole|not_before_target)";$/,
    reason: 'CHECK constraints guard the SQL writers (claim, finish under a lease); entities do not declare them',
  },
  {
    statements: /^drop function if exists "scheduler_apply_status_change"\(.*\);$/,
    reason: 'apply-if-newer is one SQL function so that it is atomic; entities cannot declare functions',
  },
];

const database = useTestDatabase(); // fresh, no template: only the migrations shape it

it('the scheduler entities match the schema its migrations build', async () => {
  const orm = await openDatabase({
    databaseUrl: database().url,
    entities: SCHEDULER_ENTITIES,
    migrations: SCHEDULER_MIGRATIONS,
    logger: pino({ level: 'silent' }),
  });
  try {
    expect(await schemaDrift(orm, DELIBERATE)).toEqual({ unexplained: [], stale: [] });
  } finally {
    await orm.close();
  }
});
