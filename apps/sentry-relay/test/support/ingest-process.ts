// The real ingest service as a child process, as it runs in production:
// spawned from its own entry point, so this app never imports ingest's code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { freePort } from '@vigil/testing';

const REPO = join(import.meta.dirname, '../../../..');
const TSX_CLI = join(REPO, 'node_modules/tsx/dist/cli.mjs');
// vitest may end a worker without running 'exit' handlers; setpriv makes the
// kernel kill the service when the worker goes, however it goes.
const SETPRIV = '/usr/bin/setpriv';
// Starting Node, tsx and the service on a machine at load 20 takes a while.
const READY_TIMEOUT_MS = 180_000;

export interface IngestProcess {
  readonly port: number;
  readonly client: IngestServiceClient;
  stop(): Promise<void>;
}

/** Starts ingest from apps/ingest/src/main.ts on a free port over `databaseUrl`; resolves once it answers. */
export async function startIngestProcess(databaseUrl: string): Promise<IngestProcess> {
  const port = await freePort();
  const command = [process.execPath, TSX_CLI, join(REPO, 'apps/ingest/src/main.ts')];
  const [file, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...command] : command;
  const child = spawn(file ?? process.execPath, args, {
    env: {
      ...process.env,
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: String(port),
      METRICS_PORT: '0',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-8_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const client = new IngestServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  const probe = { projectIds: ['1'], groupIds: [], query: '', start: new Date(0), end: new Date(60_000) };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingest exited with ${child.exitCode}:\n${output}`);
    try {
      await callUnary(client, 'getEventAggregates', probe, { timeoutMs: 1_000 });
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`ingest did not answer within ${READY_TIMEOUT_MS} ms:\n${output}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    port,
    client,
    async stop() {
      client.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}
