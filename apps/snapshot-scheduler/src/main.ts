// The snapshot scheduler as a process: config from the environment, graceful
// shutdown on SIGTERM/SIGINT (see @vigil/runtime runService).
import { runService } from '@vigil/runtime';
import { schedulerConfigSchema } from './config.js';
import { startSnapshotScheduler } from './start-snapshot-scheduler.js';

await runService({
  name: 'snapshot-scheduler',
  config: schedulerConfigSchema,
  start: ({ config, logger }) => startSnapshotScheduler(config, logger),
});
