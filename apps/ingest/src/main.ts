// The ingest service as a process: config from the environment, graceful
// shutdown on SIGTERM/SIGINT (see @vigil/runtime runService).
// `node main.js migrate` applies the database migrations and exits.
import { runMigrate, runService, runServiceCommand } from '@vigil/runtime';
import { ingestConfigSchema } from './config.js';
import { INGEST_ENTITIES } from './db/entities.js';
import { INGEST_MIGRATIONS } from './db/migrations.js';
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
});
