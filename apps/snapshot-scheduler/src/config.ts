import { commonServiceConfig, envDurationMs, envPositiveInt, envStreamReplicas } from '@vigil/runtime';
import { z } from 'zod';
import { slowestBatchMs } from './domain/lease-budget.js';

// One environment variable holding a `host:port` to dial.
function envAddress(fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? fallback;
      if (/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:]+\]:\d{1,5}$/.test(value)) return value;
      ctx.addIssue({ code: 'custom', message: 'a host:port address such as 127.0.0.1:50052' });
      return z.NEVER;
    });
}

// A NATS stream or consumer name, or a subject prefix (dot-separated tokens):
// no spaces and no wildcards, which the server would reject or misread.
function envNatsName(fallback: string, kind: 'name' | 'subject prefix') {
  const pattern = kind === 'name' ? /^[A-Za-z0-9_-]+$/ : /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
  const expected = kind === 'name' ? 'letters, digits, _ and -' : 'dot-separated tokens of letters, digits, _ and -';
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? fallback;
      if (pattern.test(value)) return value;
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    });
}

function envPositiveDurationMs(fallback: number) {
  return envDurationMs(fallback).refine((ms) => ms > 0, { message: 'a duration above 0, such as 500ms or 10s' });
}

/** Everything the snapshot scheduler reads from the environment, with this machine's defaults. */
export const schedulerConfigSchema = z
  .object({
    ...commonServiceConfig({ database: 'vigil_scheduler', grpcPort: 50053, metricsPort: 9466 }),
    INCIDENTS_GRPC_ADDRESS: envAddress('127.0.0.1:50052'),
    INCIDENTS_CALL_DEADLINE_MS: envPositiveDurationMs(10_000),
    NATS_STREAM: envNatsName('VIGIL_INCIDENTS', 'name'),
    NATS_STATUS_SUBJECT_PREFIX: envNatsName('vigil.incidents.status', 'subject prefix'),
    NATS_DURABLE: envNatsName('snapshot-scheduler', 'name'),
    // Only used when the scheduler is the first to create the stream; as incidents'.
    NATS_STREAM_REPLICAS: envStreamReplicas(),
    // The same: incidents' NATS_STREAM_MAX_AGE_MS, so the stream is bounded from its creation.
    NATS_STREAM_MAX_AGE_MS: envPositiveDurationMs(7 * 24 * 3_600_000),
    NATS_ACK_WAIT_MS: envPositiveDurationMs(30_000),
    CONSUMER_MAX_IN_FLIGHT: envPositiveInt(16),
    // 0 turns the timer off: processing then runs only on ProcessDueSnapshots.
    PROCESS_INTERVAL_MS: envDurationMs(60_000),
    BATCH_SIZE: envPositiveInt(50),
    CONCURRENCY: envPositiveInt(8),
    LEASE_MS: envPositiveDurationMs(5 * 60_000),
    RETRY_BASE_MS: envPositiveDurationMs(30_000),
    RETRY_MAX_MS: envPositiveDurationMs(60 * 60_000),
  })
  .superRefine((config, ctx) => {
    const slowest = slowestBatchMs({
      batchSize: config.BATCH_SIZE,
      concurrency: config.CONCURRENCY,
      callDeadlineMs: config.INCIDENTS_CALL_DEADLINE_MS,
    });
    if (config.LEASE_MS <= slowest) {
      ctx.addIssue({
        code: 'custom',
        path: ['LEASE_MS'],
        message: `more than ceil(BATCH_SIZE / CONCURRENCY) x INCIDENTS_CALL_DEADLINE_MS = ${slowest} ms`,
      });
    }
    if (config.RETRY_MAX_MS < config.RETRY_BASE_MS) {
      const message = `at least RETRY_BASE_MS (${config.RETRY_BASE_MS} ms)`;
      ctx.addIssue({ code: 'custom', path: ['RETRY_MAX_MS'], message });
    }
  });

export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;
