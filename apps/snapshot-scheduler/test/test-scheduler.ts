// The whole scheduler service in the test process (gRPC, NATS consumer,
// processor), configured through the same environment variables as main.ts.
import { credentials } from '@grpc/grpc-js';
import { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { createLogger, loadConfig } from '@vigil/runtime';
import type { TestNatsNames } from '@vigil/testing';
import { schedulerConfigSchema } from '../src/config.js';
import { startSnapshotScheduler } from '../src/start-snapshot-scheduler.js';

/** One parsed JSON log line. */
type LogLine = Record<string, unknown> & { msg?: string };

export interface TestScheduler {
  readonly client: SnapshotSchedulerServiceClient;
  /** Every line the service logged (debug and up), parsed. */
  readonly logLines: LogLine[];
  /** Where /metrics, /healthz and /readyz answer. */
  readonly metricsPort: number;
  stop(): Promise<void>;
}

interface TestSchedulerOptions {
  readonly databaseUrl: string;
  readonly natsUrl: string;
  readonly names: TestNatsNames;
  readonly incidentsAddress: string;
  /** More variables, e.g. a short NATS_ACK_WAIT_MS. */
  readonly env?: Record<string, string>;
}

export async function startTestScheduler(options: TestSchedulerOptions): Promise<TestScheduler> {
  const config = loadConfig(schedulerConfigSchema, {
    GRPC_PORT: '0',
    METRICS_PORT: '0',
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    NATS_STREAM: options.names.stream,
    NATS_STATUS_SUBJECT_PREFIX: options.names.subjectPrefix,
    NATS_DURABLE: options.names.durable,
    INCIDENTS_GRPC_ADDRESS: options.incidentsAddress,
    PROCESS_INTERVAL_MS: '0',
    ...options.env,
  });
  const logLines: LogLine[] = [];
  const logger = createLogger({
    service: 'snapshot-scheduler',
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(JSON.parse(line) as LogLine) },
  });
  const service = await startSnapshotScheduler(config, logger);
  const client = new SnapshotSchedulerServiceClient(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure());
  return {
    client,
    logLines,
    metricsPort: service.metricsPort,
    async stop() {
      client.close();
      await service.stop();
    },
  };
}
