// The relay under test, run as its own process from its real entry point
// (apps/sentry-relay/src/main.ts), like ingest in bench-ingest: the load
// generator is the parent process, so client and relay share no event loop.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@vigil/testing';

export interface RelayProcess {
  /** `http://127.0.0.1:<port>` of its Sentry API. */
  readonly baseUrl: string;
  /** CPU seconds (user + system) the relay process has used so far, from /proc. */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, '../../..');
const READY_TIMEOUT_MS = 60_000;
// USER_HZ: 100 on Linux everywhere that matters (getconf CLK_TCK).
const CLOCK_TICKS_PER_SECOND = 100;

export async function startRelayProcess(env: Record<string, string>): Promise<RelayProcess> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/sentry-relay/src/main.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', HTTP_PORT: String(port), METRICS_PORT: String(metricsPort), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the relay exited with ${child.exitCode}:\n${output.join('\n')}`);
    const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the relay was not ready within ${READY_TIMEOUT_MS} ms:\n${output.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    // The relay is the child itself (node, not a shell): its own utime + stime.
    cpuSeconds: async () => {
      const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`the relay exited with code ${code}\n${output.join('\n')}`);
    },
  };
}
