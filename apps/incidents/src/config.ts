import { commonServiceConfig, envDurationMs, envPositiveInt, envStreamReplicas } from '@vigil/runtime';
import { z } from 'zod';

/** `host:port` of a gRPC server, e.g. `127.0.0.1:50051` or `ingest:50051`. */
function envGrpcAddress(fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? fallback;
      if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'a gRPC address host:port such as 127.0.0.1:50051' });
        return z.NEVER;
      }
      return value;
    });
}

/** A NATS token path such as `vigil.incidents.status` (no wildcards, no empty tokens). */
function envSubjectPrefix(fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? fallback;
      if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'dot-separated NATS subject tokens without wildcards' });
        return z.NEVER;
      }
      return value;
    });
}

/** A JetStream stream name (letters, digits, `_` and `-`). */
function envStreamName(fallback: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? fallback;
      if (!/^[A-Za-z0-9_-]+$/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'a stream name of letters, digits, _ and -' });
        return z.NEVER;
      }
      return value;
    });
}

/** A duration that must not be 0 (a schedule's step). */
function positiveDuration(fallback: number) {
  return envDurationMs(fallback).refine((value) => value > 0, { message: 'a duration above 0' });
}

export const incidentsConfigSchema = z
  .object({
    ...commonServiceConfig({ database: 'vigil_incidents', grpcPort: 50052, metricsPort: 9465 }),
    /** Where ingest's gRPC API answers; snapshots and live statistics come from it. */
    INGEST_GRPC_ADDRESS: envGrpcAddress('127.0.0.1:50051'),
    /** Deadline of every call to ingest; past it the caller gets UNAVAILABLE. */
    INGEST_DEADLINE_MS: envDurationMs(5_000),
    /** JetStream stream holding the status-change events; created (or updated) at start. */
    NATS_STREAM: envStreamName('VIGIL_INCIDENTS'),
    /** Each event goes to `<prefix>.<incident_id>`; the stream binds `<prefix>.>`. */
    NATS_STATUS_SUBJECT_PREFIX: envSubjectPrefix('vigil.incidents.status'),
    /** JetStream drops a second message with the same id within this window (the relay's retries rely on it). */
    NATS_DUPLICATE_WINDOW_MS: envDurationMs(120_000),
    /**
     * The stream discards a message this long after it was stored, delivered or
     * not. The relay publishes again any message the scheduler has not
     * acknowledged by half this age (README, "What bounds each table and stream").
     */
    NATS_STREAM_MAX_AGE_MS: envDurationMs(7 * 24 * 3_600_000),
    /**
     * Copies of each status event in a JetStream cluster: 3 keeps every event
     * through the loss of one node (needs at least 3 servers); 1 on a single server.
     */
    NATS_STREAM_REPLICAS: envStreamReplicas(),
    /** Wait between attempts to (re)connect to NATS. */
    NATS_RETRY_WAIT_MS: envDurationMs(2_000),
    /** The relay looks for unsent outbox rows this often even without a local commit (other replicas' rows). */
    OUTBOX_POLL_INTERVAL_MS: envDurationMs(1_000),
    /** Most outbox rows one relay pass claims and publishes. */
    OUTBOX_BATCH_SIZE: envPositiveInt(100),
    /** Longest wait between relay attempts while NATS or the database fails; doubles up to this from 100 ms. */
    OUTBOX_MAX_BACKOFF_MS: envDurationMs(10_000),
    /** How long a publish waits for JetStream's acknowledgement. */
    OUTBOX_PUBLISH_TIMEOUT_MS: envDurationMs(5_000),
    /** Sent outbox rows are deleted once older than this. */
    OUTBOX_RETENTION_MS: envDurationMs(7 * 24 * 3_600_000),
    /** A database call that takes longer fails with UNAVAILABLE rather than hang. */
    DATABASE_TIMEOUT_MS: envDurationMs(10_000),
    /** Every enabled rule with thresholds is evaluated once per this interval (over its trailing time window). */
    RULE_EVALUATION_INTERVAL_MS: positiveDuration(60_000),
    /** How often an idle evaluator looks for due rules (a new rule is due at once). */
    RULE_EVALUATION_POLL_INTERVAL_MS: positiveDuration(1_000),
    /** Most rules one evaluator claim takes. */
    RULE_EVALUATION_BATCH_SIZE: envPositiveInt(100),
    /** Most rules one replica evaluates at once (statistics calls to ingest in flight). */
    RULE_EVALUATION_CONCURRENCY: envPositiveInt(16),
    /**
     * A claimed rule that its replica has not settled within this is due again
     * for every replica (a crashed one's rules). Keep it above
     * batch size ÷ concurrency × INGEST_DEADLINE_MS, or slow batches lose their leases.
     */
    RULE_EVALUATION_LEASE_MS: positiveDuration(60_000),
  })
  .superRefine((config, ctx) => {
    // A message unacknowledged at half its age is published again with the
    // same id: past the duplicate window, or JetStream would drop the copy.
    const least = 2 * config.NATS_DUPLICATE_WINDOW_MS;
    if (config.NATS_STREAM_MAX_AGE_MS <= least) {
      const message = `more than twice NATS_DUPLICATE_WINDOW_MS (${least} ms)`;
      ctx.addIssue({ code: 'custom', path: ['NATS_STREAM_MAX_AGE_MS'], message });
    }
  });

export type IncidentsConfig = z.output<typeof incidentsConfigSchema>;
