import { loadConfig } from '@vigil/runtime';
import { createTestDatabase, startTcpProxy, type TcpProxy, type TestDatabase } from '@vigil/testing';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { relayConfigSchema } from '../../src/config.js';
import { startRelay, type RunningRelay } from '../../src/start-relay.js';
import { startIngestProcess, type IngestProcess } from './ingest-process.js';

export const PROJECT = '1601';
export const OTHER_PROJECT = '1602';
export const KEY = '0123456789abcdef0123456789abcdef';
export const OTHER_KEY = 'fedcba9876543210fedcba9876543210';

// VIGIL_TEST_LOG=debug shows the relay's log while debugging a test.
const logger = pino({ level: process.env['VIGIL_TEST_LOG'] ?? 'silent' });

export interface RelayUnderTest {
  /** `http://127.0.0.1:<port>`: the relay's HTTP API. */
  readonly baseUrl: string;
  /** A DSN for the SDK: project PROJECT with its key. */
  readonly dsn: string;
  readonly ingest: IngestProcess;
  /** Between the relay and ingest: cut() makes ingest unreachable for the relay only. */
  readonly ingestLink: TcpProxy;
  readonly relay: RunningRelay;
}

/**
 * The real ingest (its own process and database) and the relay in this
 * process, reaching ingest through a TCP proxy the test can cut; started in
 * beforeAll, stopped in afterAll.
 */
export function useRelay(settings: Readonly<Record<string, string>> = {}): () => RelayUnderTest {
  let running: RelayUnderTest | undefined;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    const ingest = await startIngestProcess(database.url);
    const ingestLink = await startTcpProxy({ targetHost: '127.0.0.1', targetPort: ingest.port });
    const config = loadConfig(relayConfigSchema, {
      HTTP_PORT: '0',
      METRICS_PORT: '0',
      INGEST_GRPC_ADDRESS: `127.0.0.1:${ingestLink.port}`,
      SENTRY_PROJECT_KEYS: `${PROJECT}=${KEY},${OTHER_PROJECT}=${OTHER_KEY}`,
      RETRY_AFTER_MS: '1s',
      SHUTDOWN_GRACE_MS: '2s',
      ...settings,
    });
    const relay = await startRelay(config, logger);
    const baseUrl = `http://127.0.0.1:${relay.port}`;
    running = { baseUrl, dsn: `http://${KEY}@127.0.0.1:${relay.port}/${PROJECT}`, ingest, ingestLink, relay };
  });
  afterAll(async () => {
    await running?.relay.stop();
    await running?.ingestLink.close();
    await running?.ingest.stop();
    await database?.drop();
  });
  return () => {
    if (!running) throw new Error('the relay is not running (used outside a test?)');
    return running;
  };
}
