import { createHash } from 'node:crypto';

/**
 * The pg_advisory_lock key guarding a database's migrations: a signed 64-bit
 * integer (as a string, for pg) from a hash of the database name, so every
 * replica of one service agrees on it without configuration.
 */
export function migrationLockKey(databaseName: string): string {
  const digest = createHash('sha256').update(`vigil:migrations:${databaseName}`).digest();
  return digest.readBigInt64BE(0).toString();
}
