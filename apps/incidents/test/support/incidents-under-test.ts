// The incidents service started in this process for one test file, with
// its own database and stream names, and a generated gRPC client to it.
import { credentials, Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { createLogger, loadConfig } from '@vigil/runtime';
import { getTestInfrastructure, type TestNatsNames } from '@vigil/testing';
import pg from 'pg';
import { expect } from 'vitest';
import { incidentsConfigSchema } from '../../src/config.js';
import { startIncidents, type RunningIncidents } from '../../src/start-incidents.js';

export interface IncidentsUnderTestOptions {
  readonly databaseUrl: string;
  readonly nats: TestNatsNames;
  /** Defaults to the shared test NATS. */
  readonly natsUrl?: string;
  /** Defaults to a closed port: ingest is down. */
  readonly ingestAddress?: string;
  readonly now?: () => Date;
  /** Further environment variables, e.g. `{ OUTBOX_BATCH_SIZE: '10' }`. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface IncidentsUnderTest {
  readonly client: IncidentsServiceClient;
  readonly service: RunningIncidents;
  /** Rows straight from the service's database, to prove what was (not) written. */
  sql<Row extends object>(text: string, params?: unknown[]): Promise<Row[]>;
  /** Rows in a table, optionally only those matching `where` (SQL). */
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  stop(): Promise<void>;
}

export async function startIncidentsUnderTest(options: IncidentsUnderTestOptions): Promise<IncidentsUnderTest> {
  const natsUrl = options.natsUrl ?? (await getTestInfrastructure()).natsUrl;
  const config = loadConfig(incidentsConfigSchema, {
    GRPC_PORT: '0',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '8',
    // The database guard is under test only where a test sets it (database-outage):
    // elsewhere a loaded machine must not turn slow work into UNAVAILABLE.
    DATABASE_TIMEOUT_MS: '2m',
    NATS_URL: natsUrl,
    NATS_STREAM: options.nats.stream,
    NATS_STATUS_SUBJECT_PREFIX: options.nats.subjectPrefix,
    NATS_RETRY_WAIT_MS: '200',
    INGEST_GRPC_ADDRESS: options.ingestAddress ?? '127.0.0.1:1',
    INGEST_DEADLINE_MS: '2000',
    OUTBOX_POLL_INTERVAL_MS: '200',
    OUTBOX_MAX_BACKOFF_MS: '500',
    OUTBOX_PUBLISH_TIMEOUT_MS: '2000',
    SHUTDOWN_GRACE_MS: '2000',
    METRICS_PORT: '0',
    ...options.env,
  });
  const logger = createLogger({ service: 'incidents-test', level: config.LOG_LEVEL });
  const service = await startIncidents(config, logger, options.now ? { now: options.now } : {});
  const client = new IncidentsServiceClient(`127.0.0.1:${service.port}`, credentials.createInsecure());
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  return {
    client,
    service,
    sql: async (text, params = []) => (await pool.query(text, params)).rows,
    count: async (table, where = 'true', params = []) =>
      Number((await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params)).rows[0]?.n),
    async stop() {
      client.close();
      await pool.end();
      await service.stop();
    },
  };
}

// ts-proto's last overload is the full one; `infer` reads it.
type FullUnary<Request, Response> = (
  request: Request,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Response) => void,
) => ClientUnaryCall;
type RequestOf<M> = M extends FullUnary<infer Request, unknown> ? Request : never;
type ResponseOf<M> = M extends FullUnary<never, infer Response> ? Response : never;
type MethodName = {
  [K in keyof IncidentsServiceClient]: IncidentsServiceClient[K] extends FullUnary<never, unknown> ? K : never;
}[keyof IncidentsServiceClient];

/** One unary call with a generous deadline: `await call(client, 'getIncident', { incidentId })`. */
export function call<M extends MethodName>(
  client: IncidentsServiceClient,
  method: M,
  request: RequestOf<IncidentsServiceClient[M]>,
): Promise<ResponseOf<IncidentsServiceClient[M]>> {
  const invoke = client[method] as unknown as FullUnary<typeof request, ResponseOf<IncidentsServiceClient[M]>>;
  return new Promise((resolve, reject) => {
    invoke.call(client, request, new Metadata(), { deadline: Date.now() + 60_000 }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

/** Awaits a call that must fail, and returns its gRPC status code and message. */
export async function failure(promise: Promise<unknown>): Promise<{ code: number; details: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, details } = error as ServiceError;
    return { code, details };
  }
  expect.fail('the call succeeded, but it should have failed');
}
