import { Client, DatabaseError, escapeIdentifier } from 'pg';
import type { Logger } from 'pino';
import { databaseNameOf, redactPassword, withDatabase } from './database-url.js';

// PostgreSQL error codes meaning "another process created it first".
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/**
 * Creates the database named in `databaseUrl` if it does not exist, via the
 * `postgres` maintenance database on the same server. Two replicas may race
 * here: the loser's CREATE fails with duplicate_database (or a unique
 * violation on pg_database), which means the database now exists.
 */
export async function ensureDatabase(databaseUrl: string, logger: Logger): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  const client = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot reach PostgreSQL at ${redactPassword(databaseUrl)}: ${String(error)}`, { cause: error });
  }
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return;
    await client.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    logger.info({ database: name }, 'database created');
  } catch (error) {
    if (!(error instanceof DatabaseError && (error.code === DUPLICATE_DATABASE || error.code === UNIQUE_VIOLATION))) {
      throw error;
    }
  } finally {
    await client.end();
  }
}
