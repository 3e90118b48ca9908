import { commonServiceConfig, envDurationMs, envEnum, envPositiveInt, type ConfigIssue } from '@vigil/runtime';
import { DEDUP_POLICIES, type DedupPolicy } from '@vigil/dedup';
import { z } from 'zod';

/**
 * `DEDUP_POLICY_OVERRIDES`: per-project policies as `project=POLICY` pairs,
 * comma-separated, e.g. `12=FIRST_WRITE_WINS,40=LAST_WRITE_WINS`.
 */
const dedupPolicyOverrides = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const overrides = new Map<string, DedupPolicy>();
    for (const pair of text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [project, policy] = pair.split('=').map((s) => s.trim());
      const known = DEDUP_POLICIES.find((p) => p === policy);
      if (!project || !/^[1-9][0-9]{0,18}$/.test(project) || !known) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not project=${DEDUP_POLICIES.join('|')}` });
        return z.NEVER;
      }
      overrides.set(project, known);
    }
    return overrides;
  });

export const ingestConfigSchema = z.object({
  ...commonServiceConfig({ database: 'vigil_ingest', grpcPort: 50051, metricsPort: 9464 }),
  /** What a repeated dedup key does by default. */
  DEDUP_POLICY: envEnum(DEDUP_POLICIES, 'LAST_WRITE_WINS'),
  DEDUP_POLICY_OVERRIDES: dedupPolicyOverrides,
  /** Events older than this are rejected, and whole UTC days older than this are dropped. */
  RETENTION_DAYS: envPositiveInt(90),
  /** How often each replica runs retention (one replica at a time does the work). */
  RETENTION_INTERVAL: envDurationMs(3_600_000),
  /** Most events in one StoreEvents call. */
  MAX_BATCH_EVENTS: envPositiveInt(1000),
  /** Most events one group-commit write takes from concurrent StoreEvent calls. */
  GROUP_COMMIT_MAX_EVENTS: envPositiveInt(500),
  /** Most buckets one GetEventStats answer may hold. */
  MAX_STATS_BUCKETS: envPositiveInt(10_000),
  /** A database call that takes longer fails with UNAVAILABLE rather than hang (its statement is cancelled). */
  DATABASE_TIMEOUT_MS: envDurationMs(5_000),
  /**
   * Most statistics calls at work at once: each holds at most one pooled
   * connection, so writes keep DATABASE_POOL_SIZE minus this many. Others
   * wait up to DATABASE_TIMEOUT_MS, then RESOURCE_EXHAUSTED.
   */
  STATS_MAX_CONCURRENT: envPositiveInt(2),
  /**
   * While writes keep the database busy (in flight half of the last second
   * or more), statistics that read events run one at a time and for at most
   * this percentage of the time; counter reads are not held back.
   */
  STATS_EVENT_SCAN_SHARE_PERCENT: envPositiveInt(10),
  /** Longest [start, end) of a statistic read from the events themselves (distinct users, other filters). */
  STATS_MAX_SCAN_RANGE: envDurationMs(31 * 24 * 3_600_000),
});

export type IngestConfig = z.output<typeof ingestConfigSchema>;

/**
 * Variables that must agree with each other or with a bound no single
 * schema states: statistics must leave writes at least one connection of
 * the pool, and a share is at most 100%.
 */
export function ingestConfigIssues(config: IngestConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (config.STATS_MAX_CONCURRENT >= config.DATABASE_POOL_SIZE)
    issues.push({
      variable: 'STATS_MAX_CONCURRENT',
      value: String(config.STATS_MAX_CONCURRENT),
      expected: `fewer than DATABASE_POOL_SIZE (${config.DATABASE_POOL_SIZE}), so that writes keep a connection`,
    });
  if (config.STATS_EVENT_SCAN_SHARE_PERCENT > 100)
    issues.push({
      variable: 'STATS_EVENT_SCAN_SHARE_PERCENT',
      value: String(config.STATS_EVENT_SCAN_SHARE_PERCENT),
      expected: 'a whole number from 1 to 100',
    });
  return issues;
}
