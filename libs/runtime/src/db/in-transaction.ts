import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `work` in a transaction on one pooled connection, and always gives
 * that connection back to the pool.
 *
 * Why not `em.transactional()`: over Kysely's controlled transactions it
 * returns the connection to the pool only when COMMIT or ROLLBACK succeeds.
 * When the database goes away mid-transaction both fail, the connection
 * stays checked out for good, and after an outage or two every connection of
 * the pool is lost: the service answers UNAVAILABLE until restarted. Here the
 * connection is lent by Kysely's `connection().execute()`, which releases it
 * whatever happens; pg-pool then drops it if it is dead.
 */
export async function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return em
    .getConnection()
    .getClient()
    .connection()
    .execute(async (connection) => {
      const tx = em.fork();
      // Every statement `work` runs through `tx` goes to this one connection.
      tx.setTransactionContext(connection);
      await tx.execute('begin');
      try {
        const result = await work(tx);
        await tx.execute('commit');
        return result;
      } catch (error) {
        // On a dead connection this fails too; the error that matters is the first one.
        await tx.execute('rollback').catch(() => undefined);
        throw error;
      }
    });
}
