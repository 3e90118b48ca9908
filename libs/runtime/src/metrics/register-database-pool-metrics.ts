import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { ServiceMetrics } from './create-service-metrics.js';

/** One connection pool of a service, by the name its `pool` label carries (`main` for the one every service has). */
interface NamedPool {
  readonly pool: string;
  readonly orm: MikroORM;
}

/**
 * The database pools' state, read from pg-pool at each scrape (per replica:
 * each replica has its own pools):
 * - `vigil_database_pool_connections{pool,state}`: `in_use` (checked out by
 *   a query or transaction) and `idle` connections;
 * - `vigil_database_pool_waiting{pool}`: callers queued for a connection
 *   (above 0 for long: the pool is the bottleneck);
 * - `vigil_database_pool_max_connections{pool}`: the pool's size
 *   (DATABASE_POOL_SIZE), so saturation is in use / max.
 *
 * Call once per service with all its pools, after each is open: the pg pool
 * is taken now, because asking MikroORM for it later would reconnect a
 * closed ORM from a scrape during shutdown.
 */
export async function registerDatabasePoolMetrics(metrics: ServiceMetrics, named: readonly NamedPool[]): Promise<void> {
  const pools = await Promise.all(
    named.map(async ({ pool, orm }) => ({ name: pool, pg: await orm.em.getConnection().getNativeClient() })),
  );
  const each = (read: (pg: Pool) => number) => pools.map(({ name, pg }) => ({ pool: name, value: read(pg) }));
  metrics.gauge({
    name: 'vigil_database_pool_connections',
    help: "This replica's database connections by pool and state: in_use (checked out) or idle.",
    labelNames: ['pool', 'state'] as const,
    collect() {
      // pg-pool's totalCount includes connections being opened; they count as in use (not idle).
      for (const { pool, value } of each((pg) => pg.totalCount - pg.idleCount))
        this.set({ pool, state: 'in_use' }, value);
      for (const { pool, value } of each((pg) => pg.idleCount)) this.set({ pool, state: 'idle' }, value);
    },
  });
  metrics.gauge({
    name: 'vigil_database_pool_waiting',
    help: 'Callers of this replica waiting for a database connection, by pool.',
    labelNames: ['pool'] as const,
    collect() {
      for (const { pool, value } of each((pg) => pg.waitingCount)) this.set({ pool }, value);
    },
  });
  metrics.gauge({
    name: 'vigil_database_pool_max_connections',
    help: 'The most connections each pool of this replica opens (DATABASE_POOL_SIZE).',
    labelNames: ['pool'] as const,
    collect() {
      for (const { pool, value } of each((pg) => pg.options.max ?? 10)) this.set({ pool }, value);
    },
  });
}
