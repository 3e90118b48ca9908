// The ingest service as a process: config from the environment, graceful
// shutdown on SIGTERM/SIGINT (see @vigil/runtime runService).
import { runService } from '@vigil/runtime';
import { ingestConfigSchema } from './config.js';
import { startIngest } from './start-ingest.js';

await runService({
  name: 'ingest',
  config: ingestConfigSchema,
  start: ({ config, logger }) => startIngest(config, logger),
});
