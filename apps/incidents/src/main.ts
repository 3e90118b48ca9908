// The incidents service as a process: configuration from the environment,
// SIGTERM/SIGINT drain it (health NOT_SERVING, in-flight calls finish,
// relay stops, NATS and the database close).
// `node main.js migrate` applies the database migrations and exits.
import { runMigrate, runService, runServiceCommand } from '@vigil/runtime';
import { incidentsConfigSchema } from './config.js';
import { INCIDENTS_ENTITIES } from './db/entities.js';
import { INCIDENTS_MIGRATIONS } from './db/migrations.js';
import { startIncidents } from './start-incidents.js';

await runServiceCommand(process.argv.slice(2), {
  serve: () =>
    runService({
      name: 'incidents',
      config: incidentsConfigSchema,
      start: ({ config, logger }) => startIncidents(config, logger),
    }),
  migrate: () =>
    runMigrate({
      name: 'incidents',
      config: incidentsConfigSchema,
      entities: INCIDENTS_ENTITIES,
      migrations: INCIDENTS_MIGRATIONS,
    }),
});
