// Throwaway (not committed): times migrations 0005 + 0006 on a database holding N events.
import { openDatabase } from '@vigil/runtime';
import { INGEST_ENTITIES } from '@vigil/ingest/src/db/entities.js';
import { INGEST_MIGRATIONS } from '@vigil/ingest/src/db/migrations.js';
import pg from 'pg';
import { pino } from 'pino';
import { serverSideUpsertSql } from './server-rows-sql.js';

const N = Number(process.argv[2] ?? 200_000);
const name = `vigil_migtime_${Date.now()}`;
const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = `postgres://postgres@127.0.0.1:5432/${name}`;
const logger = pino({ level: 'silent' });
try {
  let orm = await openDatabase({ databaseUrl: url, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS.slice(0, 4), logger });
  await orm.close();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const end = new Date();
  const days = 10;
  await pool.query(`SELECT ingest_create_day_partitions(d::date) FROM generate_series($1::date, $2::date, '1 day') d`, [
    new Date(end.getTime() - days * 86_400_000), end]);
  const t0 = performance.now();
  for (let i = 0; i < N; i += 50_000)
    await pool.query(serverSideUpsertSql('ingest_event'), ['7', Math.min(50_000, N - i), end, days * 86_400]);
  console.log(`loaded ${N} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await pool.query('VACUUM ANALYZE');
  await pool.end();
  const t1 = performance.now();
  orm = await openDatabase({ databaseUrl: url, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS, logger });
  const s = (performance.now() - t1) / 1000;
  await orm.close();
  console.log(`0005 + 0006 on ${N} events: ${s.toFixed(1)} s = ${((s * 1_000_000) / N).toFixed(1)} s per million`);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
