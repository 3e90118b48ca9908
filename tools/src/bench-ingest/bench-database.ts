// The benchmark's own database: created fresh (vigil_bench_<random>) and
// migrated with the ingest migrations through @vigil/runtime, like the
// service does at start; dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import { openDatabase } from '@vigil/runtime';
import { INGEST_ENTITIES } from '@vigil/ingest/src/db/entities.js';
import { INGEST_MIGRATIONS } from '@vigil/ingest/src/db/migrations.js';

/** (a0)'s table: ingest_event's columns, key and indexes, not partitioned, no triggers (emptied by reset() too). */
export const PLAIN_EVENT_TABLE = 'ingest_bench_plain_event';

export interface BenchDatabase {
  readonly url: string;
  /** Connections for the server-side statements of the benchmark. */
  readonly pool: pg.Pool;
  /** Makes the day partitions of events and counters for every UTC day of [from, to] (server-side loads bypass the service, which makes them on demand). */
  createDayPartitions(from: Date, to: Date): Promise<void>;
  /** Empties events and counters, so every throughput run starts from the same state. */
  reset(): Promise<void>;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string, logger: Logger, poolSize: number): Promise<BenchDatabase> {
  const name = `vigil_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const orm = await openDatabase({
    databaseUrl: url.toString(),
    entities: INGEST_ENTITIES,
    migrations: INGEST_MIGRATIONS,
    logger,
  });
  await orm.close();
  const setup = new pg.Client({ connectionString: url.toString() });
  await setup.connect();
  try {
    await setup.query(`CREATE TABLE ${PLAIN_EVENT_TABLE} (LIKE ingest_event INCLUDING DEFAULTS INCLUDING INDEXES)`);
    // The server-side rows of (a) fall in the last hour: yesterday's partitions exist too, whatever the hour.
    await setup.query(`SELECT ingest_create_day_partitions((now() AT TIME ZONE 'UTC')::date - 1)`);
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({ connectionString: url.toString(), max: poolSize });
  // An idle connection closed by the server (e.g. a restart) is replaced on
  // the next query; without a listener it would crash the process.
  pool.on('error', (error) => logger.warn(`idle benchmark connection lost: ${error.message}`));
  return {
    url: url.toString(),
    pool,
    async createDayPartitions(from, to) {
      await pool.query(
        `SELECT ingest_create_day_partitions(d::date)
         FROM generate_series(($1::timestamptz AT TIME ZONE 'UTC')::date, ($2::timestamptz AT TIME ZONE 'UTC')::date, interval '1 day') AS d`,
        [from, to],
      );
    },
    async reset() {
      const { rows } = await pool.query<{ name: string }>(
        "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'ingest\\_%'",
      );
      await pool.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')}`);
      // Every run starts right after a checkpoint: each pays the same full-page writes.
      await pool.query('CHECKPOINT');
    },
    async drop() {
      await pool.end();
      const admin = new pg.Client({ connectionString: new URL('/postgres', serverUrl).toString() });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
