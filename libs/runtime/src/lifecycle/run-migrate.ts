import type { EntitySchema, MigrationObject } from '@mikro-orm/postgresql';
import type { DestinationStream } from 'pino';
import { z } from 'zod';
import { loadConfig } from '../config/load-config.js';
import { openDatabase } from '../db/open-database.js';
import { createLogger, type LogLevel } from '../logging/create-logger.js';

/** The two variables `migrate` reads, taken from the service's own schema (same defaults, same checks). */
type MigrateConfigSchema = z.ZodObject<{
  LOG_LEVEL: z.ZodType<LogLevel, string | undefined>;
  DATABASE_URL: z.ZodType<string, string | undefined>;
}>;

interface RunMigrateOptions {
  /** The service name, on every log line as `service`. */
  readonly name: string;
  /** The service's config schema; only LOG_LEVEL and DATABASE_URL (or DATABASE_URL_FILE) are read. */
  readonly config: MigrateConfigSchema;
  readonly entities: readonly EntitySchema[];
  readonly migrations: readonly MigrationObject[];
}

/** The parts of `process` runMigrate uses; tests pass a fake. */
interface MigrateHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  exit(code: number): void;
  readonly logDestination?: DestinationStream;
}

/**
 * `node main.js migrate`: an administrative process, as a Kubernetes init
 * container or Job runs it. Creates the service's database if missing,
 * applies its pending migrations under the same advisory lock the services
 * take (so it may run beside starting replicas), and exits 0; any failure
 * exits 1 after logging why. Reads only LOG_LEVEL and DATABASE_URL, so it
 * needs none of the service's other settings or files mounted.
 */
export async function runMigrate(options: RunMigrateOptions, host: MigrateHost = process): Promise<void> {
  const log = (level: LogLevel) =>
    createLogger({ service: options.name, level, ...(host.logDestination && { destination: host.logDestination }) });
  let logger = log('info');
  try {
    const schema = z.object({
      LOG_LEVEL: options.config.shape.LOG_LEVEL,
      DATABASE_URL: options.config.shape.DATABASE_URL,
    });
    const config = loadConfig(schema, host.env);
    logger = log(config.LOG_LEVEL);
    const orm = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      entities: options.entities,
      migrations: options.migrations,
      logger,
      poolSize: 1,
      migrationMode: 'apply',
    });
    await orm.close();
    logger.info(`${options.name}: every migration is applied`);
    host.exit(0);
  } catch (error) {
    logger.fatal(
      { err: error },
      `${options.name}: migrate failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    host.exit(1);
  }
}
