// The ingest service under test, run as its own process from its real
// entry point (apps/ingest/src/main.ts), configured through the environment
// like in production. The benchmark's load generator is the parent process,
// so client and server do not share one event loop.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { credentials } from '@grpc/grpc-js';
import { IngestServiceClient } from '@vigil/contracts/ingest';

export interface IngestProcess {
  /** host:port of its gRPC server. */
  readonly address: string;
  readonly client: IngestServiceClient;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, '../../..');
const READY_TIMEOUT_MS = 60_000;

export async function startIngestProcess(env: Record<string, string>): Promise<IngestProcess> {
  const port = await freePort();
  const metricsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/ingest/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: String(port),
      METRICS_PORT: String(metricsPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const diedEarly = exited.then((code) =>
    Promise.reject(new Error(`ingest exited with code ${code} before it was ready`)),
  );
  diedEarly.catch(() => undefined); // only the race below reads it
  const client = new IngestServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    await Promise.race([
      new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + READY_TIMEOUT_MS, (error) => (error ? reject(error) : resolve())),
      ),
      diedEarly,
    ]);
  } catch (error) {
    client.close();
    child.kill('SIGKILL');
    throw new Error(`${String(error)}\n${output.join('\n')}`, { cause: error });
  }
  return {
    address: `127.0.0.1:${port}`,
    client,
    async stop() {
      client.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`ingest exited with code ${code}\n${output.join('\n')}`);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}
