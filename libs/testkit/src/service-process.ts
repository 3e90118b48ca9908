import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One Vigil service running as a child process. */
export interface ServiceProcess {
  /** The gRPC port it announced ("gRPC server listening"). */
  readonly port: number;
  /** Its log (JSON lines), for a failing test's message. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves when it has exited. */
  stop(graceMs: number): Promise<void>;
}

interface StartOptions {
  readonly name: string;
  readonly node: string;
  readonly mainJs: string;
  readonly env: Readonly<Record<string, string>>;
  readonly startTimeoutMs: number;
}

const MAX_LOG_LINES = 2_000;

/**
 * Starts `node main.js` of a built service with only `env` (and PATH), and
 * resolves once it announces its gRPC port; rejects with its log when it
 * exits first or stays silent for `startTimeoutMs`.
 */
export function startServiceProcess(options: StartOptions): Promise<ServiceProcess> {
  const child = spawn(options.node, ['--enable-source-maps', options.mainJs], {
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const remember = (line: string): void => {
    lines.push(line);
    if (lines.length > MAX_LOG_LINES) lines.shift();
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  createInterface({ input: child.stderr }).on('line', remember);
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} ${why}; its log:\n${lines.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${options.startTimeoutMs} ms`), options.startTimeoutMs);
    child.once('error', (error) => fail(`could not start (${error.message})`));
    const exitedEarly = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      fail(`exited (${signal ?? `code ${code}`}) before listening`);
    };
    child.once('exit', exitedEarly);
    createInterface({ input: child.stdout }).on('line', (line) => {
      remember(line);
      const port = announcedPort(line);
      if (port === undefined) return;
      clearTimeout(timer);
      child.off('exit', exitedEarly);
      resolve(running(child, port, lines, exited));
    });
  });
}

function running(child: ChildProcess, port: number, lines: string[], exited: Promise<void>): ServiceProcess {
  return {
    port,
    output: () => lines.join('\n'),
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** The port of a `gRPC server listening` JSON log line, else undefined. */
export function announcedPort(line: string): number | undefined {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return entry.msg === 'gRPC server listening' && typeof entry.port === 'number' ? entry.port : undefined;
  } catch {
    return undefined;
  }
}
