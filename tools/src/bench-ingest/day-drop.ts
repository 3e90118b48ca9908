// (f) Dropping one day that holds many events (1,000,000 in the full run)
// by the retention job, while StoreEvents batches and unary StoreEvent calls
// run, beside the same load without a drop. The day is loaded server-side
// (counters by the triggers, as for any write) into a project of its own,
// 100 days back; retention then runs with its clock moved so that this day
// is the one wholly older than RETENTION_DAYS (90). Beside it, (f0): freeing
// a file of the day's size on the database's filesystem (free-floor.ts).
import { openDatabase } from '@vigil/runtime';
import { INGEST_ENTITIES } from '@vigil/ingest/src/db/entities.js';
import { INGEST_MIGRATIONS } from '@vigil/ingest/src/db/migrations.js';
import { runRetention, type DayDropTimings } from '@vigil/ingest/src/retention/run-retention.js';
import { DAY_PARTITIONED_TABLES, partitionOf } from '@vigil/ingest/src/retention/retention-sql.js';
import type { Logger } from 'pino';
import { IngestServiceService, type Event } from '@vigil/contracts/ingest';
import type { BenchDatabase } from './bench-database.js';
import type { BenchSizes } from './bench-sizes.js';
import { benchEvents } from './client-events.js';
import { runClosedLoop, type LoadRun } from './closed-loop.js';
import { HOUR_MS, upsertServerSide } from './database-limit.js';
import { writeFloorFile, type FloorFile } from './free-floor.js';
import { prepareCall, type Http2UnaryClient } from './http2-unary-client.js';

const DAY_MS = 24 * HOUR_MS;
const RETENTION_DAYS = 90;
const DAY_PROJECT = '5';
const LOAD_PROJECT = '6';
const LOAD_ROWS_PER_STATEMENT = 50_000;
const CALL_TIMEOUT_MS = 10_000;
/** When, after the load started, the drop begins. */
const DROP_AFTER_MS = 500;

export interface FreeFloor {
  readonly bytes: number;
  readonly aloneSeconds: number;
  readonly loadedSeconds: number;
  /** Whether that filesystem trims freed blocks inline (mounted with `discard`); undefined if unknown. */
  readonly onlineDiscard: boolean | undefined;
}

export interface DayDrop {
  readonly dayEvents: number;
  /** The retention run, from its start until the day's files are gone. */
  readonly dropSeconds: number;
  /** From the run's start until the day had left the live tables (counts subtracted, partitions detached). */
  readonly detachedSeconds: number;
  /**
   * (f0) freeing a file of the day's size (its partitions, indexes
   * included), alone and under the same store load, or why it was not
   * measured.
   */
  readonly freeFloor: FreeFloor | string;
  /** Where the drop's time went (the dropped day's phases). */
  readonly timings: DayDropTimings | undefined;
  readonly without: { readonly batches: LoadRun; readonly unary: LoadRun };
  readonly during: { readonly batches: LoadRun; readonly unary: LoadRun };
}

export async function measureDayDrop(
  db: BenchDatabase,
  client: Http2UnaryClient,
  sizes: BenchSizes,
  logger: Logger,
): Promise<DayDrop> {
  const orm = await openDatabase({
    databaseUrl: db.url,
    entities: INGEST_ENTITIES,
    migrations: INGEST_MIGRATIONS,
    logger,
  });
  try {
    const dayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS - 100 * DAY_MS;
    const retentionNow = new Date(dayStart + (RETENTION_DAYS + 1) * DAY_MS + HOUR_MS);
    const dayEvents = await loadDay(db, sizes, dayStart);
    // The moved clock's day has its partitions, as the runs before would
    // have made them ahead: the measured run makes none.
    await db.createDayPartitions(retentionNow, retentionNow);
    const freeFloor = await measureFreeFloor(db, client, sizes, await dayBytes(db, dayStart));
    const without = await storeLoad(client, sizes);
    let timings: DayDropTimings | undefined;
    let detachedAtMs = Number.NaN;
    const dropping = (async () => {
      await new Promise((r) => setTimeout(r, DROP_AFTER_MS));
      const began = performance.now();
      const run = await runRetention(orm.em.fork(), {
        now: retentionNow,
        retentionDays: RETENTION_DAYS,
        dryRun: false,
        daysPreparedAhead: 0,
        onDayDetached: () => {
          detachedAtMs = performance.now();
        },
        onDayTimings: (_day, phases) => {
          timings = phases;
        },
      });
      const seconds = (performance.now() - began) / 1000;
      const dropped = run.days.find((d) => d.day === new Date(dayStart).toISOString().slice(0, 10));
      if (dropped?.events !== dayEvents)
        throw new Error(`(f) expected ${dayEvents} events dropped, got ${dropped?.events}`);
      return { seconds, detachedSeconds: (detachedAtMs - began) / 1000 };
    })();
    const [during, { seconds: dropSeconds, detachedSeconds }] = await Promise.all([storeLoad(client, sizes), dropping]);
    const { rows } = await db.pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM ingest_event WHERE project_id = $1',
      [DAY_PROJECT],
    );
    if (rows[0]?.n !== '0') throw new Error(`(f) ${rows[0]?.n} events of the dropped day are still stored`);
    const suffix = new Date(dayStart).toISOString().slice(0, 10).replaceAll('-', '');
    const { rows: left } = await db.pool.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relname LIKE '%\\_p${suffix}%'`,
    );
    if (left.length > 0)
      throw new Error(`(f) the dropped day's relations are still there: ${left.map((r) => r.relname).join(', ')}`);
    return { dayEvents, dropSeconds, detachedSeconds, freeFloor, timings, without, during };
  } finally {
    await orm.close();
  }
}

/**
 * Frees a file of the day's size alone, then another while the store load
 * runs (at the moment the drop would start): the disk's share of the drop,
 * quiet and with the same writes going on.
 */
async function measureFreeFloor(
  db: BenchDatabase,
  client: Http2UnaryClient,
  sizes: BenchSizes,
  bytes: number,
): Promise<FreeFloor | string> {
  const alone = await writeFloorFile(db, bytes);
  if (typeof alone === 'string') return alone;
  const aloneSeconds = await alone.free();
  const loaded = await writeFloorFile(db, bytes);
  if (typeof loaded === 'string') return loaded;
  const freeing = (async (file: FloorFile) => {
    await new Promise((r) => setTimeout(r, DROP_AFTER_MS));
    return file.free();
  })(loaded);
  const [, loadedSeconds] = await Promise.all([storeLoad(client, sizes), freeing]);
  return { bytes, aloneSeconds, loadedSeconds, onlineDiscard: alone.onlineDiscard };
}

async function loadDay(db: BenchDatabase, sizes: BenchSizes, dayStart: number): Promise<number> {
  await db.createDayPartitions(new Date(dayStart), new Date(dayStart));
  const statements = Math.ceil(sizes.dayDropEvents / LOAD_ROWS_PER_STATEMENT);
  const perStatement = sizes.dayDropEvents / statements;
  // The server-side rows fall in (end − spread, end]: inside the day.
  await upsertServerSide(db, DAY_PROJECT, statements, perStatement, 2, {
    end: new Date(dayStart + DAY_MS - 1000),
    spreadMs: DAY_MS - 2000,
  });
  await db.pool.query('VACUUM ANALYZE');
  return statements * perStatement;
}

/** Bytes on disk of the day's partitions: tables, TOAST and indexes. */
async function dayBytes(db: BenchDatabase, dayStart: number): Promise<number> {
  const day = new Date(dayStart).toISOString().slice(0, 10);
  const tables = DAY_PARTITIONED_TABLES.map((table) => `pg_total_relation_size('${partitionOf(table, day)}')`);
  const { rows } = await db.pool.query<{ bytes: string }>(`SELECT (${tables.join(' + ')})::text AS bytes`);
  return Number(rows[0]?.bytes ?? 0);
}

/** StoreEvents batches (callers as in (b)) and unary StoreEvent calls (64 in flight, as in (c)) at once. */
async function storeLoad(client: Http2UnaryClient, sizes: BenchSizes): Promise<{ batches: LoadRun; unary: LoadRun }> {
  const time = { endMs: Date.now(), spreadMs: HOUR_MS };
  const batchCalls = Array.from({ length: sizes.dayDropBatches }, () =>
    prepareCall(IngestServiceService.storeEvents, { events: benchEvents(LOAD_PROJECT, time, sizes.batchSize) }),
  );
  const unaryCalls = benchEvents(LOAD_PROJECT, time, sizes.dayDropUnaryCalls).map((event: Event) =>
    prepareCall(IngestServiceService.storeEvent, { event }),
  );
  const [batches, unary] = await Promise.all([
    runClosedLoop({
      calls: batchCalls.length,
      concurrency: sizes.callers,
      call: async (i) =>
        (await client.call(batchCalls[i] as (typeof batchCalls)[number], CALL_TIMEOUT_MS)).results.length,
    }),
    runClosedLoop({
      calls: unaryCalls.length,
      concurrency: sizes.unaryInFlight,
      call: async (i) => {
        await client.call(unaryCalls[i] as (typeof unaryCalls)[number], CALL_TIMEOUT_MS);
        return 1;
      },
    }),
  ]);
  return { batches, unary };
}
