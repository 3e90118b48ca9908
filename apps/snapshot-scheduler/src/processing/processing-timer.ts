import type { Logger } from '@vigil/runtime';

interface TimerOptions {
  /** Wait between the end of one run and the start of the next. */
  readonly intervalMs: number;
  readonly processDue: () => Promise<unknown>;
  readonly logger: Logger;
}

/**
 * Runs `processDue` at once (a restarted replica picks up what is due without
 * waiting an interval), then again `intervalMs` after each run ends, so slow
 * runs never stack up. A failed run (e.g. the database is down) is logged and
 * the next one comes on schedule.
 */
export function startProcessingTimer({ intervalMs, processDue, logger }: TimerOptions): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    timer = undefined;
    processDue()
      .catch((error: unknown) => logger.warn({ err: error }, 'processing run failed; trying again next interval'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
