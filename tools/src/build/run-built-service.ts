// Test support: runs a built service output the way a container does, from
// its own folder with plain Node 24, and reads its JSON log lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { listeningPort } from '../start-system/log-line.js';
import { WORKSPACE_ROOT } from './workspace-apps.js';

/** The Node 24 the workspace installs (the machine's own node is older). */
export const NODE_24 = join(WORKSPACE_ROOT, 'node_modules/.bin/node');

/**
 * Stands in for `npm ci --omit=dev` in a test (a registry install per run is
 * slow): links each package of the output's package.json, and only those,
 * to the workspace's installed copy. A bundle importing a package missing
 * from its package.json then fails to start here as it would in a container;
 * the packages' own dependencies resolve beside their real paths.
 */
export async function linkDependencies(outDir: string, packages: readonly string[]): Promise<void> {
  for (const pkg of packages) {
    const link = join(outDir, 'node_modules', pkg);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(WORKSPACE_ROOT, 'node_modules', pkg), link, 'dir');
  }
}

export interface RunningBuiltService {
  /** The gRPC port the service announced in its "gRPC server listening" line. */
  readonly port: number;
  readonly pid: number;
  /** Sends SIGTERM and resolves with how the process ended. */
  terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote so far, for failure messages. */
  output(): string;
  /** SIGKILL if still running (cleanup after a failed test). */
  kill(): void;
}

/**
 * `node --enable-source-maps main.js` in `outDir` with only `env` (and PATH):
 * nothing from the test process leaks in. GRPC_PORT and METRICS_PORT default
 * to 0 (any free port), never to the service's own defaults: a Vigil from
 * `npm start` may hold those while tests run. Resolves once the service announces
 * its gRPC port; rejects with its output if it exits first or within `startTimeoutMs` does not.
 */
export function startBuiltService(
  outDir: string,
  env: Readonly<Record<string, string>>,
  startTimeoutMs = 30_000,
  // Which log line announces the port; sentry-relay announces its HTTP port instead.
  announcedPort: (line: string) => number | null = listeningPort,
): Promise<RunningBuiltService> {
  const child = spawn(NODE_24, ['--enable-source-maps', 'main.js'], {
    cwd: outDir,
    env: { PATH: process.env['PATH'] ?? '', GRPC_PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      child.kill('SIGKILL');
      reject(new Error(`${why}; output:\n${lines.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`no line announcing its port within ${startTimeoutMs} ms`), startTimeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited (${signal ?? `code ${code}`}) before listening; output:\n${lines.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      const port = announcedPort(line);
      if (port === null) return;
      clearTimeout(timer);
      resolve(running(child, port, exited, lines));
    });
  });
}

function running(
  child: ChildProcess,
  port: number,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  lines: string[],
): RunningBuiltService {
  return {
    port,
    pid: child.pid ?? 0,
    terminate: () => {
      child.kill('SIGTERM');
      return exited;
    },
    output: () => lines.join('\n'),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
