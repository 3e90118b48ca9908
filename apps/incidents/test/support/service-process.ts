// A Vigil service run the way production runs it: its main.ts in a child
// process (under tsx), configured by environment variables.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../../../..');
const TSX_CLI = join(REPO, 'node_modules/tsx/dist/cli.mjs');
const OUTPUT_TAIL_CHARS = 8_000;
// vitest may end a worker without running 'exit' handlers; setpriv makes the
// kernel kill the service when the worker goes, however it goes.
const SETPRIV = '/usr/bin/setpriv';

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** The last lines it wrote (stdout and stderr together). */
  readonly output: () => string;
  /** Settles with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
}

/**
 * Spawns `apps/<app>/src/main.ts` with the test process's environment plus
 * `env`; GRPC_PORT and METRICS_PORT are 0 (any free port) unless `env` names
 * them, so a Vigil from `npm start` on the default ports cannot collide.
 */
export function spawnService(app: string, env: Readonly<Record<string, string>>): ServiceProcess {
  const command = [process.execPath, TSX_CLI, join(REPO, 'apps', app, 'src/main.ts')];
  const [file, ...args] = existsSync(SETPRIV) ? [SETPRIV, '--pdeathsig', 'SIGKILL', '--', ...command] : command;
  const child = spawn(file ?? process.execPath, args, {
    env: { ...process.env, GRPC_PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
