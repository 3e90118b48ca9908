import type { Configuration, Dictionary, LoggingOptions, Transaction } from '@mikro-orm/core';
import {
  NativeQueryBuilder,
  PostgreSqlConnection,
  PostgreSqlDriver,
  PostgreSqlPlatform,
  raw,
  isRaw,
  type QueryResult,
  type RawQueryFragment,
} from '@mikro-orm/postgresql';
import { CompiledQuery, type Kysely } from 'kysely';
import { toBoundStatement } from './bound-statement.js';

type InflightQueryAbortStrategy = 'cancel query' | 'kill session' | 'ignore query';

/** What MikroORM lets a call pass through `loggerContext` to cancel its statement. */
interface AbortOptions {
  readonly signal?: AbortSignal;
  readonly inflightQueryAbortStrategy?: InflightQueryAbortStrategy;
}

/**
 * MikroORM's PostgreSQL connection with one change: every statement goes out
 * with its values as bound parameters (see bound-statement.ts) instead of
 * quoted into its text. Everything else — logging, result shapes, abort
 * signals, transactions — is the parent's.
 */
class BoundParameterConnection extends PostgreSqlConnection {
  override async execute<T extends QueryResult | Dictionary | Dictionary[] = Dictionary[]>(
    query: string | NativeQueryBuilder | RawQueryFragment,
    params: readonly unknown[] | Dictionary<unknown> = [],
    method: 'all' | 'get' | 'run' = 'all',
    ctx?: Transaction,
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    await this.ensureConnection();
    const statement = statementOf(query, params);
    const sql = this.config.get('onQuery')(statement.sql, statement.values);
    const bound = toBoundStatement(sql, statement.values, this.platform as PostgreSqlPlatform);
    const { signal, inflightQueryAbortStrategy, ...logContext } = (loggerContext ?? {}) as LoggingOptions &
      AbortOptions;
    const abort = signal || inflightQueryAbortStrategy ? { signal, inflightQueryAbortStrategy } : undefined;
    const client = (ctx as Kysely<unknown> | undefined) ?? this.getClient<unknown>();
    // The log shows the statement with its placeholders: values (a caller's text, a secret) stay out of logs.
    return this.executeQuery(
      bound.sql,
      async () => {
        const result = await client.executeQuery(CompiledQuery.raw(bound.sql, bound.values), abort);
        return this.transformRawResult<T>(result, method);
      },
      { query: bound.sql, params: [], ...logContext },
    );
  }
}

// The statement and its values, whichever form MikroORM passed them in (as its prepareQuery reads them).
function statementOf(
  query: string | NativeQueryBuilder | RawQueryFragment,
  params: readonly unknown[] | Dictionary<unknown>,
): { sql: string; values: readonly unknown[] } {
  const statement = query instanceof NativeQueryBuilder ? query.toRaw() : query;
  if (typeof statement === 'string' && Array.isArray(params)) return { sql: statement, values: params };
  const fragment = typeof statement === 'string' ? raw(statement, params as Dictionary<unknown>) : statement;
  return isRaw(fragment) ? { sql: fragment.sql, values: fragment.params } : { sql: String(fragment), values: [] };
}

/** The PostgreSQL driver on a BoundParameterConnection; `driver:` in MikroORM's config. */
export class BoundParameterPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    // The parent constructor made a plain connection (it connects lazily, so it never did).
    Object.assign(this, { connection: new BoundParameterConnection(this.config) });
  }
}
