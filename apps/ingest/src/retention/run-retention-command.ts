// `node main.js retention [--dry-run]`: one retention run for operators (a
// Kubernetes Job, a shell), beside or instead of the replicas' schedule: it
// takes the same advisory lock, so it never runs at the same time as theirs.
import { createLogger, loadConfig, openDatabase } from '@vigil/runtime';
import { ingestConfigSchema } from '../config.js';
import { INGEST_ENTITIES } from '../db/entities.js';
import { INGEST_MIGRATIONS } from '../db/migrations.js';
import { DAYS_PREPARED_AHEAD } from '../db/day-partitions.js';
import { runRetention, type RetentionRun } from './run-retention.js';

interface CommandHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  exit(code: number): void;
  print(text: string): void;
}

const processHost: CommandHost = {
  env: process.env,
  exit: (code) => process.exit(code),
  print: (text) => console.log(text),
};

/** Prints what went (or with --dry-run, what would go) and exits 0; 1 if it failed or another run held the lock. */
export async function runRetentionCommand(flags: readonly string[], host: CommandHost = processHost): Promise<void> {
  const dryRun = flags.includes('--dry-run');
  let logger = createLogger({ service: 'ingest', level: 'info' });
  try {
    const config = loadConfig(ingestConfigSchema, host.env);
    logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
    const orm = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      entities: INGEST_ENTITIES,
      migrations: INGEST_MIGRATIONS,
      logger,
      poolSize: 1,
      migrationMode: config.DATABASE_MIGRATIONS,
    });
    try {
      const run = await runRetention(orm.em.fork(), {
        now: new Date(),
        retentionDays: config.RETENTION_DAYS,
        dryRun,
        daysPreparedAhead: DAYS_PREPARED_AHEAD,
      });
      host.print(describeRun(run, dryRun, config.RETENTION_DAYS));
      host.exit(run.ran ? 0 : 1);
    } finally {
      await orm.close();
    }
  } catch (error) {
    logger.fatal({ err: error }, `ingest: retention failed: ${error instanceof Error ? error.message : String(error)}`);
    host.exit(1);
  }
}

/** The report, one line per day. */
export function describeRun(run: RetentionRun, dryRun: boolean, retentionDays: number): string {
  if (!run.ran) return 'retention: another run holds the retention lock; nothing done';
  const verb = dryRun ? 'would drop' : 'dropped';
  const lines = run.days.map((d) => `${verb} ${d.day}: ${d.events} events, ${d.groupsRemoved} groups left empty`);
  // Tables whose day an earlier run took out (counts subtracted) but did not get to drop.
  if (run.leftoverTables.length > 0)
    lines.unshift(
      `${verb} ${run.leftoverTables.length} tables left detached by an earlier run: ${run.leftoverTables.join(', ')}`,
    );
  const summary = `retention (${retentionDays} days): oldest day kept ${run.oldestDayKept}; ${verb} ${run.days.length} days`;
  return [summary, ...lines].join('\n');
}
