// Statements whose values travel as bound parameters ($1, $2, …), never in
// the SQL text. MikroORM's em.execute(sql, params) formats the parameters
// into the text on the client; here the statement goes to Kysely's executor,
// and so to pg, with its parameters apart (an array is one parameter: pg
// sends it as a PostgreSQL array). Inside inTransaction() the statement runs
// on the transaction's connection. With a signal, aborting it cancels the
// statement in PostgreSQL (Kysely's 'cancel query': pg_cancel_backend from a
// connection of its own, so a full pool cannot hold the cancel back) and
// rejects with the signal's reason.
import type { EntityManager, Kysely } from '@mikro-orm/postgresql';

type CompiledQuery = Parameters<Kysely<unknown>['executeQuery']>[0];

let nextQueryId = 0;

export async function boundQuery<Row>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
  signal?: AbortSignal,
): Promise<Row[]> {
  const executor = em.getTransactionContext<Kysely<unknown>>() ?? em.getConnection().getClient<Kysely<unknown>>();
  nextQueryId += 1;
  const compiled = {
    sql,
    parameters: params,
    query: { kind: 'RawNode', sqlFragments: [sql], parameters: [] },
    queryId: { queryId: `ingest-${nextQueryId}` },
  } as unknown as CompiledQuery;
  const result = await executor.executeQuery(
    compiled,
    signal && { signal, inflightQueryAbortStrategy: 'cancel query' },
  );
  return result.rows as Row[];
}
