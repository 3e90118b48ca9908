// The graphile-worker side of the benchmark, in a process of its own (as the
// scheduler is): a graphile-worker runner whose one task calls the incidents
// service's CreateIncidentSnapshot exactly as the scheduler does (same
// deadline, same channel settings) and treats the outcomes the same way:
// FAILED_PRECONDITION / NOT_FOUND finish the job, any other failure throws so
// graphile-worker retries the job later. graphile-worker runs with its normal
// settings: `concurrency` jobs at once, its default pool (10), LISTEN/NOTIFY
// for new jobs with the default 2 s poll as a fallback, no local queue and no
// batched completion (both off by default).
// Driven over IPC by graphile-phase.ts: `go` starts the runner, `stop` stops
// it and reports the task's tally, `exit` ends the process.
import { credentials, status } from '@grpc/grpc-js';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { callUnary } from '@vigil/runtime';
import { Logger, run, type Runner, type TaskList } from 'graphile-worker';
import { isRunnerCommand, SNAPSHOT_TASK, type RunnerCommand, type RunnerReport } from './graphile-messages.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`graphile-runner needs ${name}`);
  return value;
};

const send = (report: RunnerReport) => process.send?.(report);

// The scheduler's channel settings (apps/snapshot-scheduler/src/processing/incidents-snapshot-client.ts).
const client = new IncidentsServiceClient(env('INCIDENTS_GRPC_ADDRESS'), credentials.createInsecure(), {
  'grpc.initial_reconnect_backoff_ms': 500,
  'grpc.max_reconnect_backoff_ms': 5_000,
});
const deadlineMs = Number(env('INCIDENTS_CALL_DEADLINE_MS'));
const concurrency = Number(env('CONCURRENCY'));
const finished = new Set<number>([status.FAILED_PRECONDITION, status.NOT_FOUND]);
const tally = { succeeded: 0, failedAttempts: 0, dropped: 0 };

const taskList: TaskList = {
  [SNAPSHOT_TASK]: async (payload) => {
    const incidentId = (payload as { incidentId?: unknown } | null)?.incidentId;
    if (typeof incidentId !== 'string')
      throw new Error(`job payload without an incidentId: ${JSON.stringify(payload)}`);
    try {
      await callUnary(client, 'createIncidentSnapshot', { incidentId }, { timeoutMs: deadlineMs });
      tally.succeeded++;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number' && finished.has(code)) {
        tally.dropped++;
        return;
      }
      tally.failedAttempts++;
      throw error;
    }
  },
};

// Errors and warnings only: a real deployment would log every job too, but
// the scheduler is run at `info`, which logs per run, not per row.
const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker ${level}] ${message}`);
});

let runner: Runner | undefined;

async function obey(command: RunnerCommand): Promise<void> {
  if (command.type === 'go') {
    Object.assign(tally, { succeeded: 0, failedAttempts: 0, dropped: 0 });
    runner = await run({
      connectionString: env('GRAPHILE_DATABASE_URL'),
      concurrency,
      noHandleSignals: true,
      taskList,
      crontab: '',
      logger,
    });
  } else if (command.type === 'stop') {
    await runner?.stop();
    runner = undefined;
    send({ type: 'stopped', ...tally });
  } else {
    client.close();
    process.disconnect?.();
  }
}

process.on('message', (message: unknown) => {
  if (!isRunnerCommand(message)) return;
  obey(message).catch((error: unknown) =>
    send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

client.waitForReady(Date.now() + 30_000, (error) =>
  error ? send({ type: 'failed', message: `incidents not reachable: ${error.message}` }) : send({ type: 'ready' }),
);
