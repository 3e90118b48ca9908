// The Sentry-compatible relay as a process: config from the environment,
// graceful shutdown on SIGTERM/SIGINT (see @vigil/runtime runService). It
// has no database, so no `migrate` command.
import { runService } from '@vigil/runtime';
import { relayConfigSchema } from './config.js';
import { startRelay } from './start-relay.js';

await runService({
  name: 'sentry-relay',
  config: relayConfigSchema,
  start: ({ config, logger }) => startRelay(config, logger),
});
