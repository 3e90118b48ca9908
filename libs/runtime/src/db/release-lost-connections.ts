import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';

const DEFAULT_GRACE_MS = 1_000;

/**
 * Works around a connection leak under MikroORM 7's `em.transactional`:
 * it runs on Kysely's controlled transactions, which never hand the pooled
 * client back when BEGIN, COMMIT or ROLLBACK fails because the connection
 * died (kysely 0.29 `ControlledTransactionBuilder.execute`, `commit`,
 * `rollback`). Every transaction in flight during a database outage then
 * keeps its pool slot forever; a few outages exhaust the pool and the
 * service hangs, and `orm.close()` waits for those clients for ever.
 *
 * The guard: a client whose connection ends while it is checked out, and
 * that its holder has not released within `graceMs`, is released with an
 * error, which makes pg-pool discard it and free the slot. Holders that do
 * release (every path but the leaking ones) do so within milliseconds of
 * the error. Uses pg-pool's public events and `client.release(err)` only.
 */
export async function releaseLostConnections(orm: MikroORM, graceMs = DEFAULT_GRACE_MS): Promise<void> {
  const pool = await orm.em.getConnection().getNativeClient();
  const checkedOut = new Set<PoolClient>();
  const watched = new WeakSet<PoolClient>();

  const watch = (client: PoolClient): void => {
    watched.add(client);
    client.once('end', () => {
      setTimeout(() => {
        if (!checkedOut.delete(client)) return;
        client.release(new Error('the database connection was lost while checked out'));
      }, graceMs).unref();
    });
  };

  // 'acquire' fires on every checkout, so clients opened before this guard are watched too.
  pool.on('acquire', (client) => {
    checkedOut.add(client);
    if (!watched.has(client)) watch(client);
  });
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('remove', (client) => checkedOut.delete(client));
}
