// The incidents service as a process: configuration from the environment,
// SIGTERM/SIGINT drain it (health NOT_SERVING, in-flight calls finish,
// relay stops, NATS and the database close).
import { runService } from '@vigil/runtime';
import { incidentsConfigSchema } from './config.js';
import { startIncidents } from './start-incidents.js';

await runService({
  name: 'incidents',
  config: incidentsConfigSchema,
  start: ({ config, logger }) => startIncidents(config, logger),
});
