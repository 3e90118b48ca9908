// What the benchmark and its graphile-worker process say to each other over
// the child-process IPC channel.

/** graphile-worker's task identifier for one CreateIncidentSnapshot call. */
export const SNAPSHOT_TASK = 'create_incident_snapshot';

/** Benchmark → worker process. */
export type RunnerCommand =
  /** Start graphile-worker's runner (run()); it works the queued jobs. */
  | { readonly type: 'go' }
  /** Stop the runner gracefully and report what its tasks did. */
  | { readonly type: 'stop' }
  /** Close everything and exit. */
  | { readonly type: 'exit' };

/** What the task did since the last `go`. */
export interface TaskTally {
  /** CreateIncidentSnapshot answered; the job completed. */
  readonly succeeded: number;
  /** A passing failure: the task threw, graphile-worker will retry the job. */
  readonly failedAttempts: number;
  /** FAILED_PRECONDITION or NOT_FOUND: nothing to make, the job completed (as the scheduler removes such a row). */
  readonly dropped: number;
}

/** Worker process → benchmark. */
export type RunnerReport =
  | { readonly type: 'ready' }
  | ({ readonly type: 'stopped' } & TaskTally)
  | { readonly type: 'failed'; readonly message: string };

const COMMANDS = new Set(['go', 'stop', 'exit']);

export function isRunnerCommand(message: unknown): message is RunnerCommand {
  return typeof message === 'object' && message !== null && COMMANDS.has(String((message as { type?: unknown }).type));
}

export function isRunnerReport(message: unknown): message is RunnerReport {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return type === 'ready' || type === 'stopped' || type === 'failed';
}
