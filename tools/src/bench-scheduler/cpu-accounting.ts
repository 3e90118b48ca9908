// Which processes make up each side, for process-cpu.ts: the coordinator of
// a side is its process plus the PostgreSQL backends connected to its
// database (the benchmark's own polling connection left out); the shared
// work is incidents and ingest with their databases' backends.
import pg from 'pg';
import type { BenchDatabaseRole, BenchDatabases } from './bench-databases.js';
import type { CleanupStack } from './cleanup-stack.js';
import { cpuUsedBetween, readCpu, type PidSources } from './process-cpu.js';

export type Side = 'vigil' | 'graphile';

/** CPU seconds used while one side was timed. */
export interface SideCpu {
  /** The side's own process and its database's backends. */
  readonly coordinatorSeconds: number;
  /** incidents and ingest, with their databases' backends. */
  readonly sharedSeconds: number;
}

export interface CpuAccounting {
  /** Runs `work` and records what the side's coordinator and the shared services used meanwhile. */
  during<T>(side: Side, work: () => Promise<T>): Promise<{ result: T; cpu: SideCpu }>;
}

interface AccountingOptions {
  readonly adminUrl: string;
  readonly databases: BenchDatabases;
  readonly pids: {
    readonly scheduler: number;
    readonly incidents: number;
    readonly ingest: number;
    readonly graphile: number;
  };
  /** Backends that are the benchmark's, not a side's (its job-count poll). */
  readonly excludedBackends: readonly number[];
  readonly cleanup: CleanupStack;
}

export async function startCpuAccounting(options: AccountingOptions): Promise<CpuAccounting> {
  const { databases, pids } = options;
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  options.cleanup.add('CPU accounting connection', () => admin.end());
  const backends = async (...roles: BenchDatabaseRole[]) => {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[]) AND NOT pid = ANY($2::int[])',
      [roles.map((role) => databases.name(role)), options.excludedBackends],
    );
    return rows.map((row) => row.pid);
  };
  const sources: Record<Side, PidSources> = {
    vigil: { coordinator: async () => [pids.scheduler, ...(await backends('scheduler'))] },
    graphile: { coordinator: async () => [pids.graphile, ...(await backends('graphile'))] },
  };
  const shared = async () => [pids.incidents, pids.ingest, ...(await backends('incidents', 'ingest'))];
  return {
    async during(side, work) {
      const groups = { ...sources[side], shared };
      const before = await readCpu(groups);
      const result = await work();
      const used = cpuUsedBetween(before, await readCpu(groups));
      return {
        result,
        cpu: { coordinatorSeconds: used.get('coordinator') ?? 0, sharedSeconds: used.get('shared') ?? 0 },
      };
    },
  };
}
