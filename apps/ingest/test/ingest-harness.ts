import { loadConfig, openDatabase } from '@vigil/runtime';
import { useTestDatabase, type TestDatabase, type TestDatabaseTemplate } from '@vigil/testing';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { ingestConfigSchema } from '../src/config.js';
import { INGEST_ENTITIES } from '../src/db/entities.js';
import { INGEST_MIGRATIONS } from '../src/db/migrations.js';
import { startIngest, type RunningIngest } from '../src/start-ingest.js';
import { connectIngest, type IngestApi } from './ingest-api.js';

// VIGIL_TEST_LOG=debug shows the service's log while debugging a test.
const logger = pino({ level: process.env['VIGIL_TEST_LOG'] ?? 'silent' });

/**
 * The migrated ingest schema, built once and cloned per test file. Migrations
 * are immutable and only ever added, so their names identify the schema.
 */
export const INGEST_TEMPLATE: TestDatabaseTemplate = {
  key: `ingest-${INGEST_MIGRATIONS.map((m) => m.name).join('+')}`,
  prepare: async (databaseUrl) => {
    const orm = await openDatabase({ databaseUrl, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS, logger });
    await orm.close();
  },
};

/** Service settings as environment variables, e.g. `{ DEDUP_POLICY: 'FIRST_WRITE_WINS' }`. */
export type IngestSettings = Readonly<Record<string, string>>;

// Wide enough that the fixed instants of the tests (2021) are inside it.
const TEST_RETENTION_DAYS = String(365 * 100);

export interface TestIngest {
  readonly port: number;
  /** The port of /metrics, /healthz and /readyz. */
  readonly metricsPort: number;
  /** A client on the default channel. */
  readonly api: IngestApi;
  stop(): Promise<void>;
}

/** Starts the real service (as main.ts would, on a free port) with a client. */
export async function startTestIngest(databaseUrl: string, settings: IngestSettings = {}): Promise<TestIngest> {
  const config = loadConfig(ingestConfigSchema, {
    DATABASE_URL: databaseUrl,
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    RETENTION_DAYS: TEST_RETENTION_DAYS,
    SHUTDOWN_GRACE_MS: '2000',
    ...settings,
  });
  const ingest: RunningIngest = await startIngest(config, logger);
  const api = connectIngest(ingest.port);
  return {
    port: ingest.port,
    metricsPort: ingest.metricsPort,
    api,
    async stop() {
      api.close();
      await ingest.stop();
    },
  };
}

/** What a test file gets: the running service, and SQL on its database (direct, not through the service). */
export interface IngestUnderTest extends TestIngest {
  readonly database: TestDatabase;
  readonly sql: pg.Pool;
}

/**
 * Gives the calling test file its own migrated database and its own ingest
 * service on it, started in beforeAll and stopped in afterAll.
 */
export function useIngest(settings: IngestSettings = {}): () => IngestUnderTest {
  const database = useTestDatabase({ template: INGEST_TEMPLATE });
  let running: IngestUnderTest | undefined;
  beforeAll(async () => {
    const ingest = await startTestIngest(database().url, settings);
    running = { ...ingest, database: database(), sql: directSql(database().url) };
  });
  afterAll(async () => {
    await running?.stop();
    await running?.sql.end();
  });
  return () => {
    if (running === undefined) throw new Error('useIngest(): the service runs only once beforeAll has run');
    return running;
  };
}

/** A small pool for the test's own queries; connection errors surface on queries, never crash the run. */
export function directSql(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  return pool;
}
