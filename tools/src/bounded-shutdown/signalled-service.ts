// A Vigil service run from its entry point (tsx), for tests that signal it:
// its JSON log lines as they come, and when and how it exited.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

type LogLine = Record<string, unknown>;

export interface SignalledService {
  /** Every JSON log line so far (stdout and stderr). */
  readonly lines: readonly LogLine[];
  /** Resolves with the first line whose `msg` satisfies `matches`; rejects if the process exits first. */
  logged(matches: (msg: string) => boolean): Promise<LogLine>;
  /** Sends SIGTERM; resolves with the exit code and the milliseconds from the signal to the exit. */
  terminate(): Promise<{ code: number | null; afterMs: number }>;
  /** SIGKILL if still running (a test's cleanup). */
  kill(): void;
}

const root = join(import.meta.dirname, '../../..');

export function startSignalledService(app: string, env: Record<string, string>): SignalledService {
  const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, app, 'src/main.ts')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', GRPC_HOST: '127.0.0.1', GRPC_PORT: '0', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (text) => {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        line = { msg: text };
      }
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
  }
  // 'close' waits for stdout to drain: every log line has been read by then.
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const exitedAt = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now())));
  return {
    lines,
    logged(matches) {
      return new Promise((resolve, reject) => {
        const seen = lines.find((line) => matches(String(line['msg'])));
        if (seen) return resolve(seen);
        const listener = (line: LogLine) => {
          if (!matches(String(line['msg']))) return;
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
        void closed.then(() =>
          reject(new Error(`${app} exited first; its log:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`)),
        );
      });
    },
    async terminate() {
      const signalledAt = performance.now();
      child.kill('SIGTERM');
      const [code, exited] = await Promise.all([closed, exitedAt]);
      return { code, afterMs: exited - signalledAt };
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
