// Hand-written SQL with PostgreSQL's own placeholders ($1, $2, …), its values
// bound apart from the text, run on the same Kysely executor (under MikroORM)
// that the bound-parameter driver uses for MikroORM's statements. Two
// placeholder styles, one binding: MikroORM writes `?` and means its own
// formatting rules by it (an array is a list for `IN (?)`, `??` an
// identifier), which bound-statement.ts keeps; hand-written SQL wants `$n`
// and an array as one parameter (pg sends it as a PostgreSQL array, for
// `= ANY($1::bigint[])` or `unnest($1::date[])`, empty or not), with no scan
// of its text on a hot path. Inside inTransaction() the statement runs on
// the transaction's connection.
import type { EntityManager, Kysely } from '@mikro-orm/postgresql';
import { CompiledQuery } from 'kysely';

/**
 * Runs `sql` with `params` bound to `$1, $2, …`; resolves with its rows. With
 * a signal, aborting it cancels the statement in PostgreSQL (Kysely's
 * 'cancel query': pg_cancel_backend from a connection of its own, so a full
 * pool cannot hold the cancel back) and rejects with the signal's reason.
 */
export async function boundQuery<Row>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  signal?: AbortSignal,
): Promise<Row[]> {
  const executor = em.getTransactionContext<Kysely<unknown>>() ?? em.getConnection().getClient<Kysely<unknown>>();
  const result = await executor.executeQuery(
    CompiledQuery.raw(sql, [...params]),
    signal && { signal, inflightQueryAbortStrategy: 'cancel query' },
  );
  return result.rows as Row[];
}
