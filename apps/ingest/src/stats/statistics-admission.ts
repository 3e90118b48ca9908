import { ResourceExhaustedError } from '@vigil/runtime';

/**
 * What a statistic costs the database: `counters` reads the per-minute,
 * per-hour and term counters (a few milliseconds whatever the events);
 * `events` reads the events themselves (distinct users, filters the
 * counters cannot serve): up to seconds of one core per call.
 */
export type StatisticCost = 'counters' | 'events';

/** Decides when a statistics call may start its database work. */
export interface StatisticsAdmission {
  /**
   * Runs `work` once it is admitted. Waiting ends with the call (`signal`,
   * with its reason) or after `waitMs` with RESOURCE_EXHAUSTED, reason
   * STATISTICS_BUSY: nothing could be admitted in time, a later retry may be.
   */
  run<T>(signal: AbortSignal, cost: StatisticCost, work: () => Promise<T>): Promise<T>;
}

export interface AdmissionOptions {
  /** Most statistics at work at once (STATS_MAX_CONCURRENT). */
  readonly limit: number;
  /** How long a call waits to be admitted (DATABASE_TIMEOUT_MS). */
  readonly waitMs: number;
  /**
   * The share (0–1] of wall time that statistics reading events may run
   * while writes keep the database busy (STATS_EVENT_SCAN_SHARE_PERCENT).
   */
  readonly eventScanShare: number;
  /** The share (0–1) of the last second during which writes were in flight. */
  readonly writeBusyShare: () => number;
  /** Told of each admission, and of each refusal for time (for the metrics). */
  readonly onDecision?: (cost: StatisticCost, decision: 'admitted' | 'refused') => void;
  readonly now?: () => number;
}

/** Writes "keep the database busy" when they were in flight for at least this share of the last second. */
const WRITES_BUSY = 0.5;
/** While calls wait on the write pressure (which no event announces), it is looked at this often. */
const RECHECK_MS = 25;

interface Waiter {
  readonly cost: StatisticCost;
  readonly admit: () => void;
}

/**
 * Admission for statistics, so that they cannot take from writes what
 * writes need:
 *
 * - **Connections.** At most `limit` statistics run at once. Each runs its
 *   statements one after another outside any transaction, so it holds at
 *   most one pooled connection, and `limit` calls at most `limit`.
 * - **Cores.** A statistic that reads events keeps one database core busy
 *   for its whole statement, and a statement cannot be paused. While writes
 *   keep the database busy, such statistics run one at a time and only for
 *   `eventScanShare` of the wall time: after one ran for T, the next waits
 *   T × (1 − share) / share. Writes first, but statistics never starve:
 *   they get their share, and all of the database again as soon as writes
 *   ease. Counter reads are cheap and always admitted (up to `limit`), so
 *   alert rules on counts keep their pace during an error storm.
 *
 * Waiters are served first come, first served among those that may start.
 */
export function createStatisticsAdmission(options: AdmissionOptions): StatisticsAdmission {
  const now = options.now ?? (() => performance.now());
  const share = Math.min(1, Math.max(options.eventScanShare, Number.EPSILON));
  /** Event-read time owed back, repaid at share / (1 − share) per millisecond. */
  const repayPerMs = share >= 1 ? Infinity : share / (1 - share);
  let owedMs = 0;
  let owedAt = now();
  let taken = 0;
  let scansRunning = 0;
  const waiting: Waiter[] = [];
  let recheck: NodeJS.Timeout | undefined;

  const owed = (t: number): number => Math.max(0, owedMs - (t - owedAt) * repayPerMs);
  const writesBusy = (): boolean => options.writeBusyShare() >= WRITES_BUSY;

  /** `busy`: writesBusy(), read once per decision round by the caller. */
  function mayStart(cost: StatisticCost, busy: boolean): boolean {
    if (taken >= options.limit) return false;
    if (cost === 'counters' || !busy) return true;
    return scansRunning === 0 && owed(now()) === 0;
  }

  function start(cost: StatisticCost): void {
    taken += 1;
    if (cost === 'events') scansRunning += 1;
  }

  function finish(cost: StatisticCost, ranMs: number): void {
    taken -= 1;
    if (cost === 'events') {
      scansRunning -= 1;
      const t = now();
      owedMs = owed(t) + ranMs;
      owedAt = t;
    }
    admitWaiters();
  }

  function admitWaiters(): void {
    const busy = writesBusy();
    for (let i = 0; i < waiting.length && taken < options.limit;) {
      const waiter = waiting[i] as Waiter;
      if (mayStart(waiter.cost, busy)) {
        waiting.splice(i, 1);
        start(waiter.cost);
        waiter.admit();
      } else {
        i += 1;
      }
    }
    // Those held back by the writes are looked at again: the pressure eases without telling anyone.
    if (waiting.length > 0 && taken < options.limit && recheck === undefined) {
      recheck = setTimeout(() => {
        recheck = undefined;
        admitWaiters();
      }, RECHECK_MS);
      recheck.unref();
    }
  }

  function busyError(cost: StatisticCost): ResourceExhaustedError {
    const why =
      cost === 'events' && taken < options.limit
        ? `statistics that read events yield to writes while writes keep the database busy ` +
          `(they may run ${Math.round(share * 100)}% of the time, STATS_EVENT_SCAN_SHARE_PERCENT)`
        : `all ${options.limit} statistics slots (STATS_MAX_CONCURRENT) stayed busy`;
    return new ResourceExhaustedError(`${why}; no start within ${options.waitMs} ms, retry later`, {
      reason: 'STATISTICS_BUSY',
    });
  }

  function admission(signal: AbortSignal, cost: StatisticCost): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    if (waiting.length === 0 && mayStart(cost, writesBusy())) {
      start(cost);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        cost,
        admit: () => {
          stopWaiting();
          resolve();
        },
      };
      const leave = (reason: Error): void => {
        waiting.splice(waiting.indexOf(waiter), 1);
        stopWaiting();
        reject(reason);
      };
      const onAbort = (): void => leave(signal.reason as Error);
      const timer = setTimeout(() => {
        options.onDecision?.(cost, 'refused');
        leave(busyError(cost));
      }, options.waitMs);
      const stopWaiting = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiting.push(waiter);
      admitWaiters();
    });
  }

  return {
    async run(signal, cost, work) {
      await admission(signal, cost);
      options.onDecision?.(cost, 'admitted');
      const began = now();
      try {
        return await work();
      } finally {
        finish(cost, now() - began);
      }
    },
  };
}
