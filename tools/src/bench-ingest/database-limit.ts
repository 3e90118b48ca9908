// (a) The database's own limit: the same kind of rows, built and upserted
// server-side by one statement per chunk of `batchSize` rows (each its own
// transaction, committed with synchronous_commit on), from as many
// connections as (b) has callers. Nothing travels over the wire but the
// statement, so this is what the schema and its triggers cost by themselves.
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { runClosedLoop, type LoadRun } from './closed-loop.js';
import { serverSideUpsertSql } from './server-rows-sql.js';

export const HOUR_MS = 3_600_000;

/** Upserts `statements` chunks of `batchSize` rows into the project, `callers` at a time. */
export function upsertServerSide(
  db: BenchDatabase,
  projectId: string,
  statements: number,
  rowsPerStatement: number,
  callers: number,
  time: { readonly end: Date; readonly spreadMs: number },
  table = 'ingest_event',
): Promise<LoadRun> {
  const sql = serverSideUpsertSql(table);
  return runClosedLoop({
    calls: statements,
    concurrency: callers,
    call: async () => {
      await db.pool.query(sql, [projectId, rowsPerStatement, time.end, time.spreadMs / 1000]);
      return rowsPerStatement;
    },
  });
}

/**
 * (a), or with `table` = PLAIN_EVENT_TABLE (a0): the same rows into a plain
 * table with the same key and indexes but no partitions, counters or
 * triggers — the physical floor, so (a)/(a0) is what exact counts cost.
 */
export async function measureDatabaseLimit(
  db: BenchDatabase,
  sizes: BenchSizes,
  projectId: string,
  table = 'ingest_event',
): Promise<LoadRun> {
  const time = { end: new Date(), spreadMs: HOUR_MS };
  await upsertServerSide(db, projectId, sizes.warmUpBatches, sizes.batchSize, sizes.callers, time, table);
  await db.reset();
  return upsertServerSide(
    db,
    projectId,
    sizes.throughputEvents / sizes.batchSize,
    sizes.batchSize,
    sizes.callers,
    time,
    table,
  );
}
