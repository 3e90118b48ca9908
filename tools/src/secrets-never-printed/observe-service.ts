// Runs a built service until it exits or shows it is stuck retrying, and
// keeps everything it printed (stdout, stderr) and served on /metrics.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NODE_24 } from '../build/run-built-service.js';

export interface Observed {
  /** Exit code; null when the test ended it with SIGTERM after seeing it retry. */
  readonly code: number | null;
  /** stdout and stderr, line by line, and the /metrics text if it served one. */
  readonly text: string;
}

interface ObserveOptions {
  readonly outDir: string;
  readonly env: Readonly<Record<string, string>>;
  /** A log message that shows the failure while the service keeps running (e.g. it retries). */
  readonly runningFailure: RegExp;
  /** Calls to make once it is serving (some failures only show on use); awaited before it is stopped. */
  readonly onListening?: (port: number) => Promise<void>;
  /** The `msg` of the line announcing the port `onListening` gets; sentry-relay announces its HTTP server. */
  readonly listeningMessage?: string;
  /** How long to wait for an exit or `runningFailure` before giving up and ending it. */
  readonly timeoutMs?: number;
}

/** `node main.js` with only `env` (and PATH): ends by itself, or by SIGTERM once `runningFailure` shows. */
export async function observeService(options: ObserveOptions): Promise<Observed> {
  const child = spawn(NODE_24, ['--enable-source-maps', 'main.js'], {
    cwd: options.outDir,
    env: { PATH: process.env['PATH'] ?? '', GRPC_PORT: '0', HTTP_PORT: '0', METRICS_PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let metricsPort: number | undefined;
  const calls: Promise<void>[] = [];
  const listeningMessage = options.listeningMessage ?? 'gRPC server listening';
  let sawFailure!: () => void;
  const failureSeen = new Promise<void>((resolve) => (sawFailure = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      const entry = parse(line);
      if (entry.msg === 'metrics server listening' && typeof entry.port === 'number') metricsPort = entry.port;
      if (entry.msg === listeningMessage && typeof entry.port === 'number' && options.onListening) {
        calls.push(options.onListening(entry.port).catch(() => undefined));
      }
      if (typeof entry.msg === 'string' && options.runningFailure.test(entry.msg)) sawFailure();
    });
  }
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.timeoutMs ?? 30_000).unref());
  const ended = await Promise.race([
    closed.then(() => 'exited' as const),
    failureSeen.then(() => 'failing' as const),
    timeout.then(() => 'silent' as const),
  ]);
  let metrics = '';
  if (ended !== 'exited') {
    // What the calls made it log (a refused key, a failed store) belongs in the output too.
    await Promise.all(calls);
    if (metricsPort !== undefined) {
      metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
        (r) => r.text(),
        () => '',
      );
    }
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await closed;
    clearTimeout(killer);
  }
  const code = ended === 'exited' ? await closed : null;
  if (ended === 'silent') lines.push(`(test: neither an exit nor ${options.runningFailure} within the timeout)`);
  return { code, text: [...lines, metrics].join('\n') };
}

function parse(line: string): { msg?: unknown; port?: unknown } {
  try {
    return JSON.parse(line) as { msg?: unknown; port?: unknown };
  } catch {
    return {};
  }
}
