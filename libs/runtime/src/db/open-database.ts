import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, MikroORM, type EntitySchema, type MigrationObject } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { BoundParameterPostgreSqlDriver } from './bound-parameter-driver.js';
import { ensureDatabase } from './ensure-database.js';
import { migrateUnderLock } from './migrate-under-lock.js';
import { releaseLostConnections } from './release-lost-connections.js';
import { verifyMigrations } from './verify-migrations.js';

interface DatabaseOptions {
  databaseUrl: string;
  /** `defineEntity(…)` results (no decorators). */
  entities: readonly EntitySchema[];
  /** Numbered, immutable migrations in order: `{ name: '0001_events', class: Migration0001Events }`. */
  migrations: readonly MigrationObject[];
  logger: Logger;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /**
   * PostgreSQL's `statement_timeout` on every connection of the pool, in ms:
   * the server cancels a statement running longer (SQLSTATE 57014). Unset or
   * 0: no limit (`node main.js migrate`, whose DDL may take long).
   */
  statementTimeoutMs?: number;
  /**
   * PostgreSQL settings for every connection of the pool, sent in its startup
   * message (`-c name=value`), e.g. `{ max_parallel_workers_per_gather: '0' }`.
   * Names and values come from code, never from a caller.
   */
  sessionSettings?: Readonly<Record<string, string>>;
  /** Log every SQL statement at debug. */
  debug?: boolean;
  /**
   * `apply` (default): create the database if missing and apply pending
   * migrations. `verify`: no DDL at all (a role without DDL rights, the
   * migrations applied beforehand by `node main.js migrate`): fail unless
   * every migration is already applied.
   */
  migrationMode?: MigrationMode;
}

// A connection attempt that gets no answer (a dropped SYN, a server that
// accepted and hangs) fails after this long instead of pg's default, never.
// pg-pool applies the same bound to waiting for a free pooled connection.
const CONNECT_TIMEOUT_MS = 10_000;
// TCP keepalive on every connection, first probe after this much silence: a
// peer that vanished (a cut network, a killed host) breaks the connection
// and fails its query instead of leaving it waiting for an answer forever.
const KEEPALIVE_AFTER_MS = 10_000;

/** What a service does about its schema at start (the DATABASE_MIGRATIONS setting). */
export type MigrationMode = 'apply' | 'verify';

/**
 * Opens the service's database: creates it if missing, connects MikroORM
 * and applies the committed migrations under an advisory lock (or, with
 * `migrationMode: 'verify'`, only checks that they are applied). Migrations
 * come as a list, not a folder, so they still work once the app is bundled.
 * Close with `orm.close()`.
 */
export async function openDatabase(options: DatabaseOptions): Promise<MikroORM> {
  const { databaseUrl, logger, migrationMode = 'apply' } = options;
  if (migrationMode === 'apply') await ensureDatabase(databaseUrl, logger);
  const sqlLogger = logger.child({ component: 'mikro-orm' });
  const orm = await MikroORM.init(
    defineConfig({
      clientUrl: databaseUrl,
      // Every value a statement carries is a bound parameter, never text spliced into the SQL.
      driver: BoundParameterPostgreSqlDriver,
      entities: [...options.entities],
      extensions: [Migrator],
      // ensureDatabase above tolerates a concurrent CREATE DATABASE; MikroORM's own does not.
      ensureDatabase: false,
      pool: { min: 0, max: options.poolSize ?? 10 },
      driverOptions: {
        connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
        keepAlive: true,
        keepAliveInitialDelayMillis: KEEPALIVE_AFTER_MS,
        // pg sends it in each connection's startup message: it holds before the first statement.
        ...(options.statementTimeoutMs && { statement_timeout: options.statementTimeoutMs }),
        ...(options.sessionSettings && { options: startupOptions(options.sessionSettings) }),
      },
      debug: options.debug ?? false,
      logger: (message) => sqlLogger.debug(message),
      migrations: {
        migrationsList: [...options.migrations],
        // Schema comes from the committed SQL only: no snapshot files written at run time.
        snapshot: false,
        transactional: true,
        allOrNothing: true,
        silent: true,
      },
    }),
  );
  // Before any transaction runs: see release-lost-connections.ts for the leak it mends.
  await releaseLostConnections(orm);
  try {
    if (migrationMode === 'apply') await migrateUnderLock(orm, databaseUrl, logger);
    else await verifyMigrations(orm, databaseUrl);
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}

// libpq's `options` parameter: `-c name=value` per setting (a space or backslash in a value is escaped).
function startupOptions(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value.replaceAll(/[\\ ]/g, (c) => `\\${c}`)}`)
    .join(' ');
}
