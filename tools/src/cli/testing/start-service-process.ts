// For the CLI's integration tests: a Vigil service run as its own process
// from its real entry point, configured through the environment, ready once
// it logs "gRPC server listening" (sentry-relay: its HTTP server's line).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@vigil/testing';
import { listeningPort } from '../../start-system/log-line.js';

/** Which variable places the service's port, and which log line announces it. */
interface ServedApi {
  readonly portVariable: string;
  readonly listeningMessage: string;
}

const GRPC_API: ServedApi = { portVariable: 'GRPC_PORT', listeningMessage: 'gRPC server listening' };
export const RELAY_HTTP_API: ServedApi = {
  portVariable: 'HTTP_PORT',
  listeningMessage: 'sentry-relay HTTP server listening',
};

export interface ServiceProcess {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  /** Everything the service logged, for failure messages. */
  readonly output: readonly string[];
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, '../../../..');
const READY_TIMEOUT_MS = 90_000;

/**
 * `app` is the folder under the repo root, e.g. `apps/ingest`. Give `port`
 * to know the address before the start (services that call each other can
 * then start at once); without it the service takes any free port (0) and
 * its address is the port it announces.
 */
export async function startServiceProcess(
  app: string,
  env: Record<string, string>,
  port?: number,
  api: ServedApi = GRPC_API,
): Promise<ServiceProcess> {
  // Services serve Prometheus metrics on a fixed default port: give each its own.
  const metricsPort = await freePort();
  const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(app, 'src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      GRPC_HOST: '127.0.0.1',
      [api.portVariable]: String(port ?? 0),
      METRICS_PORT: String(metricsPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${app} did not start within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const announced = listeningPort(line, api.listeningMessage);
        if (announced !== null) {
          clearTimeout(timer);
          resolve(announced);
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with code ${code} before it was ready`));
    });
  });
  let listening: number;
  try {
    listening = await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output.join('\n')}`, { cause: error });
  }
  return {
    address: `127.0.0.1:${listening}`,
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
