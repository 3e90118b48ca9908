// `npm start`: builds every Vigil service into its shipped form (the bundle
// under dist/apps/<app>, as the Dockerfiles run it) and runs each with plain
// Node 24 against the local PostgreSQL and NATS (each but sentry-relay creates
// and migrates its own database at start); prints where each listens, the DSN
// for a Sentry SDK, and what to run next.
// Ctrl-C at any moment (while building, starting or running) stops whatever
// runs, one SIGTERM per service, and waits until each has drained and exited.
// Variables are shared by all services; `INGEST_…`, `INCIDENTS_…`,
// `SCHEDULER_…` and `RELAY_…` ones are one service's (see service-environment.ts).
import { join } from 'node:path';
import { buildServiceOutput } from '../build/build-service-output.js';
import { NODE_24 } from '../build/run-built-service.js';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';
import { createSystemLauncher } from './system-launcher.js';

// The bundles' npm imports resolve from the workspace's node_modules, so the
// output must stay inside the workspace (tests give a folder under dist/).
const outRoot = process.env['VIGIL_START_OUT_DIR'] ?? join(WORKSPACE_ROOT, 'dist/apps');

const launcher = createSystemLauncher({
  shared: process.env,
  node: NODE_24,
  build: async (app) => (await buildServiceOutput({ app, outDir: join(outRoot, app) })).outDir,
  print: (line) => console.log(line),
});
// Before anything runs: a Ctrl-C during the first build must find these.
// The terminal (and npm, passing it on) may deliver one Ctrl-C twice; stop() is idempotent.
process.on('SIGINT', () => launcher.stop('Ctrl-C'));
process.on('SIGTERM', () => launcher.stop('SIGTERM'));
process.on('SIGHUP', () => launcher.stop('terminal closed'));
process.exitCode = await launcher.run();
