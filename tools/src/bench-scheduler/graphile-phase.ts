// graphile-worker's side of the race. Its schema lives in a database of its
// own (migrated here, before anything is timed). For each round the jobs —
// one per incident — are added in one addJobs call BEFORE the clock starts
// (as the scheduler's pending rows exist before its clock starts); then the
// worker process (graphile-runner.ts) is told to start its runner, and the
// clock stops when graphile_worker's job table is empty (a job row is deleted
// when the job completes), polled every 25 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger, makeWorkerUtils } from 'graphile-worker';
import pg from 'pg';
import type { CleanupStack } from './cleanup-stack.js';
import {
  isRunnerReport,
  SNAPSHOT_TASK,
  type RunnerCommand,
  type RunnerReport,
  type TaskTally,
} from './graphile-messages.js';

export interface GraphileBench {
  /** The worker process, for CPU accounting. */
  readonly pid: number;
  /** The benchmark's own connection to graphile-worker's database (its job-count poll): not graphile-worker's cost. */
  readonly pollBackendPid: number;
  /** Queues one job per incident (untimed). */
  enqueue(incidentIds: readonly string[]): Promise<void>;
  /** Starts the runner and returns the seconds until every queued job is done; the runner keeps running. */
  time(): Promise<number>;
  /** Stops the runner; what its task saw since it started. */
  stop(): Promise<TaskTally>;
}

interface GraphileOptions {
  readonly databaseUrl: string;
  readonly incidentsAddress: string;
  readonly concurrency: number;
  readonly callDeadlineMs: number;
  readonly cleanup: CleanupStack;
}

const WORKSPACE_ROOT = join(import.meta.dirname, '../../..');
const POLL_MS = 25;
const ROUND_TIMEOUT_MS = 30 * 60_000;

const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker ${level}] ${message}`);
});

export async function startGraphileBench(options: GraphileOptions): Promise<GraphileBench> {
  const utils = await makeWorkerUtils({ connectionString: options.databaseUrl, logger: quietLogger });
  options.cleanup.add('graphile-worker utils', async () => utils.release());
  await utils.migrate();
  const poll = new pg.Client({ connectionString: options.databaseUrl });
  await poll.connect();
  options.cleanup.add('graphile poll connection', () => poll.end());
  const { rows } = await poll.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const runner = await startRunnerProcess(options);

  const jobsLeft = async () => {
    const { rows: counted } = await poll.query<{ n: string }>('SELECT count(*) AS n FROM graphile_worker.jobs');
    return Number(counted[0]?.n);
  };
  return {
    pid: runner.pid,
    pollBackendPid: rows[0]?.pid ?? -1,
    async enqueue(incidentIds) {
      await utils.addJobs(incidentIds.map((incidentId) => ({ identifier: SNAPSHOT_TASK, payload: { incidentId } })));
      const queued = await jobsLeft();
      if (queued !== incidentIds.length)
        throw new Error(`${queued} graphile-worker jobs queued, expected ${incidentIds.length}`);
    },
    async time() {
      const startedAt = performance.now();
      runner.command({ type: 'go' });
      while ((await jobsLeft()) > 0) {
        const failure = runner.failure();
        if (failure !== undefined) throw new Error(`graphile-worker process failed: ${failure}`);
        if (performance.now() - startedAt > ROUND_TIMEOUT_MS)
          throw new Error('graphile-worker did not finish its jobs in time');
        await sleep(POLL_MS);
      }
      return (performance.now() - startedAt) / 1000;
    },
    async stop() {
      const report = await runner.ask({ type: 'stop' });
      if (report.type !== 'stopped') throw new Error(`graphile-worker process answered ${JSON.stringify(report)}`);
      const { succeeded, failedAttempts, dropped } = report;
      return { succeeded, failedAttempts, dropped };
    },
  };
}

interface RunnerProcess {
  readonly pid: number;
  command(command: RunnerCommand): void;
  /** Sends a command and waits for the process's next report. */
  ask(command: RunnerCommand): Promise<RunnerReport>;
  /** What went wrong in the process, if anything has. */
  failure(): string | undefined;
}

async function startRunnerProcess(options: GraphileOptions): Promise<RunnerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'graphile-runner.ts')],
    {
      cwd: WORKSPACE_ROOT,
      env: {
        ...process.env,
        GRAPHILE_DATABASE_URL: options.databaseUrl,
        INCIDENTS_GRPC_ADDRESS: options.incidentsAddress,
        INCIDENTS_CALL_DEADLINE_MS: String(options.callDeadlineMs),
        CONCURRENCY: String(options.concurrency),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  options.cleanup.add('graphile-worker process', async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.send({ type: 'exit' } satisfies RunnerCommand);
      const stopped = await Promise.race([
        exited.then(() => true),
        sleep(10_000, undefined, { ref: false }).then(() => false),
      ]);
      if (!stopped) child.kill('SIGKILL');
    }
  });
  const nextReport = () =>
    new Promise<RunnerReport>((resolve, reject) => {
      const onExit = () => reject(new Error('the graphile-worker process exited'));
      child.once('exit', onExit);
      const onMessage = (message: unknown) => {
        if (!isRunnerReport(message)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      child.on('message', onMessage);
    });
  // A failure report can come at any time (e.g. the runner could not start); it ends the round.
  let failure: string | undefined;
  child.on('message', (message: unknown) => {
    if (isRunnerReport(message) && message.type === 'failed') failure ??= message.message;
  });
  const ready = await nextReport();
  if (ready.type !== 'ready') throw new Error(`graphile-worker process could not start: ${JSON.stringify(ready)}`);
  const command = (c: RunnerCommand) => void child.send(c);
  if (child.pid === undefined) throw new Error('the graphile-worker process has no pid');
  return {
    pid: child.pid,
    command,
    failure: () => failure,
    ask: (c) => {
      const report = nextReport();
      command(c);
      return report;
    },
  };
}
