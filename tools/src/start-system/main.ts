// `npm start`: builds every Vigil service into its shipped form (the bundle
// under dist/apps/<app>, as the Dockerfiles run it) and runs each with plain
// Node 24 against the local PostgreSQL and NATS (each creates and migrates
// its own database at start); prints where each listens, and stops them all
// cleanly on Ctrl-C (SIGINT is passed on; each service drains and exits).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildServiceOutput } from '../build/build-service-output.js';
import { NODE_24 } from '../build/run-built-service.js';
import { formatLogLine, listeningPort } from './log-line.js';
import { SERVICES } from './services.js';

const root = join(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
let stopping = false;
let failed = false;

for (const service of SERVICES.filter((s) => existsSync(join(root, s.app, 'src/main.ts')))) {
  const { outDir } = await buildServiceOutput({ app: service.name });
  console.log(`built ${service.name} into ${outDir}`);
  // The bundle's npm imports resolve from the workspace's node_modules above dist/.
  const child = spawn(NODE_24, ['--enable-source-maps', join(outDir, 'main.js')], {
    cwd: root,
    env: { GRPC_PORT: String(service.grpcPort), ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal's Ctrl-C reaches only this launcher, which
    // passes one SIGTERM on. A second signal would make a service skip its drain.
    detached: true,
  });
  children.push(child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      console.log(formatLogLine(service.name, line));
      const port = listeningPort(line);
      if (port !== null) console.log(`\n  ${service.name} is listening on 127.0.0.1:${port} (gRPC)\n`);
    });
  }
  child.on('exit', (code, signal) => {
    console.log(`${service.name} exited (${signal ?? `code ${code}`})`);
    // One service failing takes the others down: a half-running system misleads.
    if (!stopping) {
      failed = true;
      stopAll();
    }
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(failed ? 1 : 0);
  });
}

function stopAll(): void {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}

process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);
