import type { Logger } from 'pino';
import type { RetentionRecorder } from './retention-metrics.js';
import type { RetentionRun } from './run-retention.js';

export interface RetentionSchedule {
  /** Stops the schedule and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs retention at start and every `intervalMs` after a run ends. A failed
 * run (the database away, the lock not had in time) is logged and tried at
 * the next tick: nothing is lost by waiting, the days only go later.
 */
export function startRetentionSchedule(options: {
  readonly run: (now: Date) => Promise<RetentionRun>;
  readonly intervalMs: number;
  readonly now: () => Date;
  readonly record: RetentionRecorder;
  readonly logger: Logger;
}): RetentionSchedule {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    const startedAt = options.now();
    const began = performance.now();
    try {
      const run = await options.run(startedAt);
      options.record(run, startedAt, (performance.now() - began) / 1000);
      if (run.days.length > 0) {
        options.logger.info({ oldestDayKept: run.oldestDayKept, days: run.days }, 'ingest: retention dropped days');
      }
    } catch (error) {
      options.logger.warn({ err: error }, 'ingest: retention run failed; it runs again at the next interval');
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => schedule(options.intervalMs));
    }, delayMs);
  }

  schedule(0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
