import type { MikroORM } from '@mikro-orm/postgresql';
import { isDatabaseUnavailable, openDatabase, type Logger, type MigrationMode } from '@vigil/runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import { SCHEDULER_ENTITIES } from './entities.js';
import { SCHEDULER_MIGRATIONS } from './migrations.js';

interface SchedulerDatabaseOptions {
  readonly databaseUrl: string;
  readonly poolSize: number;
  /** statement_timeout of every connection (openDatabase's statementTimeoutMs). */
  readonly statementTimeoutMs?: number;
  readonly logger: Logger;
  /** `verify`: apply nothing, only check (see openDatabase). Default `apply`. */
  readonly migrationMode?: MigrationMode;
  /** Wait between attempts while PostgreSQL cannot be reached. Default 2 s. */
  readonly retryWaitMs?: number;
}

/**
 * Opens (creating and migrating if needed) the scheduler's database. A
 * service may start before PostgreSQL: while it is unreachable this keeps
 * trying; any other failure (bad credentials, a failing migration) is thrown.
 */
export async function openSchedulerDatabase(options: SchedulerDatabaseOptions): Promise<MikroORM> {
  const { logger, retryWaitMs = 2000 } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openDatabase({
        databaseUrl: options.databaseUrl,
        poolSize: options.poolSize,
        ...(options.statementTimeoutMs !== undefined && { statementTimeoutMs: options.statementTimeoutMs }),
        entities: SCHEDULER_ENTITIES,
        migrations: SCHEDULER_MIGRATIONS,
        logger,
        ...(options.migrationMode && { migrationMode: options.migrationMode }),
      });
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const level = attempt === 1 ? 'warn' : 'debug';
      logger[level]({ err: error, attempt, retryWaitMs }, 'PostgreSQL unreachable, retrying');
      await sleep(retryWaitMs);
    }
  }
}
