import { ResourceExhaustedError } from '@vigil/runtime';

/** At most `limit` statistics calls at work at once; the others wait their turn. */
export interface StatisticsSlots {
  /**
   * Runs `work` once a slot is free. Waiting ends with the call (`signal`,
   * with its reason) or after `waitMs` with RESOURCE_EXHAUSTED, reason
   * STATISTICS_BUSY: every slot stayed taken, a later retry may find one.
   */
  run<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T>;
}

/**
 * An admission limit for statistics, so they cannot take the pooled
 * connections that writes need: each statistics call runs its statements
 * one after another outside any transaction, so it holds at most one
 * connection at a time, and `limit` calls hold at most `limit` connections.
 * Waiters are served first come, first served.
 */
export function createStatisticsSlots(limit: number, waitMs: number): StatisticsSlots {
  let taken = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    const next = waiting.shift();
    // A freed slot passes straight to the next waiter, so `taken` stays as it is.
    if (next) next();
    else taken -= 1;
  };
  const acquire = (signal: AbortSignal): Promise<void> => {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (taken < limit) {
      taken += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const give = (): void => {
        stopWaiting();
        resolve();
      };
      const leave = (reason: Error): void => {
        waiting.splice(waiting.indexOf(give), 1);
        stopWaiting();
        reject(reason);
      };
      const onAbort = (): void => leave(signal.reason as Error);
      const timer = setTimeout(
        () =>
          leave(
            new ResourceExhaustedError(
              `all ${limit} statistics slots (STATS_MAX_CONCURRENT) stayed busy for ${waitMs} ms; retry later`,
              { reason: 'STATISTICS_BUSY' },
            ),
          ),
        waitMs,
      );
      const stopWaiting = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiting.push(give);
    });
  };
  return {
    async run(signal, work) {
      await acquire(signal);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
