// `npm start`'s launcher as a person runs it: its own process group, as a
// terminal's foreground job, and Ctrl-C sent to that whole group. Every port
// is 0 (any free one) and every service with a database gets one of this file's.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import * as Sentry from '@sentry/node';
import { IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import { createServer, type Server } from 'node:net';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  createTestDatabase,
  deleteTestStream,
  getTestInfrastructure,
  testNatsNames,
  type TestDatabase,
} from '@vigil/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildServiceOutput } from '../build/build-service-output.js';
import { NODE_24, startBuiltService } from '../build/run-built-service.js';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';

const nats = testNatsNames('start-system');
// Inside the workspace, so the bundles resolve node_modules as `npm start`'s do.
const outRoot = join(WORKSPACE_ROOT, 'dist', `start-system-test-${randomBytes(4).toString('hex')}`);
const databases: Record<'INGEST' | 'INCIDENTS' | 'SCHEDULER', TestDatabase | undefined> = {
  INGEST: undefined,
  INCIDENTS: undefined,
  SCHEDULER: undefined,
};

beforeAll(async () => {
  for (const prefix of ['INGEST', 'INCIDENTS', 'SCHEDULER'] as const) databases[prefix] = await createTestDatabase();
});
afterAll(async () => {
  for (const database of Object.values(databases)) await database?.drop();
  await deleteTestStream((await getTestInfrastructure()).natsUrl, nats.stream);
  await rm(outRoot, { recursive: true, force: true });
});

interface Launcher {
  readonly pid: number;
  readonly lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Ctrl-C in the launcher's terminal: SIGINT to its whole process group. */
  ctrlC(): void;
  signal(signal: NodeJS.Signals): void;
  readonly exitCode: Promise<number | null>;
}

async function baseEnvironment(): Promise<Record<string, string>> {
  const url = (database: TestDatabase | undefined) => database?.url ?? '';
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '/tmp',
    GRPC_PORT: '0',
    HTTP_PORT: '0',
    METRICS_PORT: '0',
    INGEST_DATABASE_URL: url(databases.INGEST),
    INCIDENTS_DATABASE_URL: url(databases.INCIDENTS),
    SCHEDULER_DATABASE_URL: url(databases.SCHEDULER),
    NATS_URL: (await getTestInfrastructure()).natsUrl,
    NATS_STREAM: nats.stream,
    NATS_STATUS_SUBJECT_PREFIX: nats.subjectPrefix,
    NATS_DURABLE: nats.durable,
    VIGIL_START_OUT_DIR: join(outRoot, 'apps'),
    SHUTDOWN_GRACE_MS: '5000',
  };
}

function startLauncher(env: Record<string, string>): Launcher {
  const child = spawn(NODE_24, ['--import', 'tsx', join(WORKSPACE_ROOT, 'tools/src/start-system/main.ts')], {
    cwd: WORKSPACE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve(line: string): void }[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve(line);
    });
  }
  const exitCode = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const pid = child.pid ?? 0;
  return {
    pid,
    lines,
    exitCode,
    waitFor: (pattern, timeoutMs = 90_000) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen !== undefined) return resolve(seen);
        const timer = setTimeout(
          () => reject(new Error(`no line like ${pattern} within ${timeoutMs} ms:\n${lines.join('\n')}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      }),
    ctrlC: () => process.kill(-pid, 'SIGINT'),
    signal: (signal) => process.kill(pid, signal),
  };
}

function servicePids(lines: readonly string[]): Map<string, number> {
  const pids = new Map<string, number>();
  for (const line of lines) {
    const match = /^starting (\S+) \(pid (\d+)\)$/.exec(line);
    if (match?.[1] && match[2]) pids.set(match[1], Number(match[2]));
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** After the launcher exited: every service it started is gone, each stopped by one SIGTERM. */
function expectNothingLeft(launcher: Launcher): void {
  const output = launcher.lines.join('\n');
  for (const [service, pid] of servicePids(launcher.lines)) {
    expect(isAlive(pid), `${service} (pid ${pid}) still runs\n${output}`).toBe(false);
    expect(
      launcher.lines.filter((line) => line.includes(`second SIG`)),
      output,
    ).toEqual([]);
  }
}

describe('Ctrl-C at any phase leaves nothing running', () => {
  test('while incidents is being built, ingest (already running) drains once and exits 0', async () => {
    const launcher = startLauncher(await baseEnvironment());
    try {
      await launcher.waitFor(/^building incidents$/);
      launcher.ctrlC();
      expect(await launcher.exitCode, launcher.lines.join('\n')).toBe(0);
      expectNothingLeft(launcher);
      expect(servicePids(launcher.lines).has('ingest')).toBe(true);
      expect(launcher.lines.filter((line) => line.includes(' ingest stopping '))).toHaveLength(1);
      expect(launcher.lines).toContain('ingest exited (code 0)');
    } finally {
      killAll(launcher);
    }
  });

  test('while the scheduler is starting, before it listens', async () => {
    const launcher = startLauncher(await baseEnvironment());
    try {
      await launcher.waitFor(/^starting snapshot-scheduler \(pid \d+\)$/);
      launcher.ctrlC();
      expect(await launcher.exitCode, launcher.lines.join('\n')).toBe(0);
      expectNothingLeft(launcher);
      expect([...servicePids(launcher.lines).keys()]).toEqual(['ingest', 'incidents', 'snapshot-scheduler']);
    } finally {
      killAll(launcher);
    }
  });

  test('while running: a Ctrl-C delivered twice, then a SIGTERM, still send each service one SIGTERM', async () => {
    const launcher = startLauncher(await baseEnvironment());
    try {
      const hint = await launcher.waitFor(/npx vigil demo$/);
      // Not the defaults: the hint says where the CLI must look, and the relay's DSN of the local key.
      const [, ingest, dsn] =
        /VIGIL_INGEST_ADDRESS=(127\.0\.0\.1:\d+) .*VIGIL_SCHEDULER_ADDRESS=127\.0\.0\.1:\d+ VIGIL_RELAY_DSN=(http:\/\/vigil_local_demo_key_0001@127\.0\.0\.1:\d+\/1) npx vigil demo$/.exec(
          hint,
        ) ?? [];
      expect(dsn, launcher.lines.join('\n')).toBeDefined();
      await expectRelayStoresInIngest(dsn ?? '', ingest ?? '');
      launcher.ctrlC();
      launcher.signal('SIGINT');
      launcher.signal('SIGTERM');
      expect(await launcher.exitCode, launcher.lines.join('\n')).toBe(0);
      expectNothingLeft(launcher);
      for (const service of ['ingest', 'incidents', 'snapshot-scheduler', 'sentry-relay']) {
        const output = launcher.lines.join('\n');
        expect(
          launcher.lines.filter((line) => line.includes(` ${service} stopping `)),
          output,
        ).toHaveLength(1);
        expect(launcher.lines, output).toContain(`${service} exited (code 0)`);
      }
    } finally {
      killAll(launcher);
    }
    // INGEST_DATABASE_URL and the others: each service migrated its own database.
    for (const database of Object.values(databases)) expect(await tableCount(database?.url ?? '')).toBeGreaterThan(1);
  });
});

/**
 * The official SDK pointed at the DSN `npm start` printed (so the printed DSN
 * is one the SDK takes): answered 200, then ingest has the event.
 */
async function expectRelayStoresInIngest(dsn: string, ingestAddress: string): Promise<void> {
  const project = new URL(dsn).pathname.slice(1);
  // Only the SDK's client and transport: no process-wide handlers in the test worker.
  const client = Sentry.init({ dsn, defaultIntegrations: false, enableRuntimeChannelInjection: false });
  let status: number | undefined;
  client?.on('afterSendEvent', (_event, response) => (status = response.statusCode));
  const eventId = Sentry.captureException(new Error('sent to the relay npm start runs'));
  expect(await Sentry.flush(30_000)).toBe(true);
  await Sentry.close(30_000);
  expect(status).toBe(200);
  const ingest = new IngestServiceClient(ingestAddress, credentials.createInsecure());
  try {
    const stored = await callUnary(ingest, 'getEvent', { projectId: project, eventId }, { timeoutMs: 30_000 });
    expect(stored.event?.event).toMatchObject({
      eventId,
      projectId: project,
      exception: { type: 'Error', value: 'sent to the relay npm start runs' },
    });
  } finally {
    ingest.close();
  }
}

describe('a taken port stops the start before anything runs, in one line saying what holds it', () => {
  test('another program', async () => {
    const holder = await listenOnFreePort();
    try {
      const port = (holder.address() as { port: number }).port;
      const launcher = startLauncher({ ...(await baseEnvironment()), INGEST_GRPC_PORT: String(port) });
      expect(await launcher.exitCode).toBe(1);
      const complaints = launcher.lines.filter((line) => line.startsWith('npm start:'));
      expect(complaints).toHaveLength(1);
      expect(complaints[0]).toMatch(
        new RegExp(
          `^npm start: ingest's gRPC port ${port} is taken by pid ${process.pid} \\(.+\\): ` +
            'stop it, or set INGEST_GRPC_PORT to another port \\(0: any free one\\)$',
        ),
      );
      expect(launcher.lines.filter((line) => line.startsWith('building'))).toEqual([]);
    } finally {
      holder.close();
    }
  });

  test("the relay's HTTP port, held by another program", async () => {
    const holder = await listenOnFreePort();
    try {
      const port = (holder.address() as { port: number }).port;
      const launcher = startLauncher({ ...(await baseEnvironment()), RELAY_HTTP_PORT: String(port) });
      expect(await launcher.exitCode).toBe(1);
      expect(launcher.lines.filter((line) => line.startsWith('npm start:'))).toEqual([
        expect.stringMatching(
          new RegExp(
            `^npm start: sentry-relay's HTTP port ${port} is taken by pid ${process.pid} \\(.+\\): ` +
              'stop it, or set RELAY_HTTP_PORT to another port \\(0: any free one\\)$',
          ),
        ),
      ]);
      expect(launcher.lines.filter((line) => line.startsWith('building'))).toEqual([]);
    } finally {
      holder.close();
    }
  });

  test('an old Vigil service still running', async () => {
    const { outDir } = await buildServiceOutput({ app: 'ingest', outDir: join(outRoot, 'old', 'apps', 'ingest') });
    const old = await startBuiltService(outDir, {
      GRPC_PORT: '0',
      METRICS_PORT: '0',
      DATABASE_URL: databases.INGEST?.url ?? '',
    });
    try {
      const launcher = startLauncher({ ...(await baseEnvironment()), INGEST_GRPC_PORT: String(old.port) });
      expect(await launcher.exitCode).toBe(1);
      expect(launcher.lines.filter((line) => line.startsWith('npm start:'))).toEqual([
        `npm start: ingest's gRPC port ${old.port} is taken by an old Vigil ingest still running (pid ${old.pid}): ` +
          `stop it with \`kill ${old.pid}\`, or set INGEST_GRPC_PORT to another port (0: any free one)`,
      ]);
    } finally {
      await old.terminate();
    }
  });
});

function killAll(launcher: Launcher): void {
  for (const pid of servicePids(launcher.lines).values()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  if (isAlive(launcher.pid)) process.kill(launcher.pid, 'SIGKILL');
}

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function tableCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
    );
    return Number(rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}
