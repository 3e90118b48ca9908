// The ingest service as a process: config from the environment, graceful
// shutdown on SIGTERM/SIGINT (see @vigil/runtime runService).
// `node main.js migrate` applies the database migrations and exits;
// `node main.js retention [--dry-run]` runs retention once (see README).
import { runMigrate, runService, runServiceCommand } from '@vigil/runtime';
import { ingestConfigSchema } from './config.js';
import { INGEST_ENTITIES } from './db/entities.js';
import { INGEST_MIGRATIONS } from './db/migrations.js';
import { runRetentionCommand } from './retention/run-retention-command.js';
import { startIngest } from './start-ingest.js';

await runServiceCommand(process.argv.slice(2), {
  serve: () =>
    runService({
      name: 'ingest',
      config: ingestConfigSchema,
      start: ({ config, logger }) => startIngest(config, logger),
    }),
  migrate: () =>
    runMigrate({
      name: 'ingest',
      config: ingestConfigSchema,
      entities: INGEST_ENTITIES,
      migrations: INGEST_MIGRATIONS,
    }),
  extra: {
    retention: {
      usage: '[--dry-run]',
      summary: 'drop the days older than RETENTION_DAYS (--dry-run: say which), then exit',
      flags: ['--dry-run'],
      run: runRetentionCommand,
    },
  },
});
