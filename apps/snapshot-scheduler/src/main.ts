// The snapshot scheduler as a process: config from the environment, graceful
// shutdown on SIGTERM/SIGINT (see @vigil/runtime runService).
// `node main.js migrate` applies the database migrations and exits.
import { runMigrate, runService, runServiceCommand } from '@vigil/runtime';
import { schedulerConfigSchema } from './config.js';
import { SCHEDULER_ENTITIES } from './db/entities.js';
import { SCHEDULER_MIGRATIONS } from './db/migrations.js';
import { startSnapshotScheduler } from './start-snapshot-scheduler.js';

await runServiceCommand(process.argv.slice(2), {
  serve: () =>
    runService({
      name: 'snapshot-scheduler',
      config: schedulerConfigSchema,
      start: ({ config, logger }) => startSnapshotScheduler(config, logger),
    }),
  migrate: () =>
    runMigrate({
      name: 'snapshot-scheduler',
      config: schedulerConfigSchema,
      entities: SCHEDULER_ENTITIES,
      migrations: SCHEDULER_MIGRATIONS,
    }),
});
