// Bytes on disk per stored event: every partition of the events (table,
// TOAST, indexes) and of the counters, and the groups, over the events
// stored. Measured after (e)'s load and VACUUM ANALYZE.
import type { BenchDatabase } from './bench-database.js';

export interface StorageBytes {
  readonly events: number;
  /** Bytes per event, by what holds them. */
  readonly perEvent: { readonly events: number; readonly counters: number; readonly groups: number };
}

const TREE_BYTES = (table: string) =>
  `(SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('${table}'))`;

export async function measureStorageBytes(db: BenchDatabase): Promise<StorageBytes> {
  const { rows } = await db.pool.query<{ n: string; events: string; counters: string; groups: string }>(
    `SELECT (SELECT count(*) FROM ingest_event)::text AS n,
            ${TREE_BYTES('ingest_event')}::text AS events,
            (${TREE_BYTES('ingest_minute_count')} + ${TREE_BYTES('ingest_group_minute_count')}
             + ${TREE_BYTES('ingest_hour_count')} + ${TREE_BYTES('ingest_term_hour_count')})::text AS counters,
            pg_total_relation_size('ingest_group')::text AS groups`,
  );
  const row = rows[0];
  const events = Number(row?.n ?? 0);
  const per = (bytes: string | undefined) => Number(bytes ?? 0) / Math.max(events, 1);
  return { events, perEvent: { events: per(row?.events), counters: per(row?.counters), groups: per(row?.groups) } };
}
