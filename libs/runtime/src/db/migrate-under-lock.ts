import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { databaseNameOf } from './database-url.js';
import { migrationLockKey } from './migration-lock-key.js';

/**
 * Applies pending migrations while holding a session advisory lock on a
 * dedicated connection, so replicas starting together take turns: the
 * first migrates, the others then find nothing pending. If this process
 * dies, its connection closes and PostgreSQL releases the lock.
 */
export async function migrateUnderLock(orm: MikroORM, databaseUrl: string, logger: Logger): Promise<void> {
  const key = migrationLockKey(databaseNameOf(databaseUrl));
  const lockConnection = new Client({ connectionString: databaseUrl });
  await lockConnection.connect();
  try {
    await lockConnection.query('SELECT pg_advisory_lock($1)', [key]);
    const applied = await orm.migrator.up();
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    await lockConnection.query('SELECT pg_advisory_unlock($1)', [key]);
  } finally {
    await lockConnection.end();
  }
}
