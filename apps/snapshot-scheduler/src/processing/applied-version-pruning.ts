import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '@vigil/runtime';
import { pruneAppliedVersions } from '../db/applied-version-store.js';
import { appliedVersionHorizonMs, type StatusStreamLimits } from '../domain/applied-version-horizon.js';

const PRUNE_EVERY_MS = 3_600_000;

interface AppliedVersionPruningOptions {
  readonly orm: MikroORM;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Told how many rows each run deleted (metrics). */
  readonly onPruned?: (count: number) => void;
}

export interface AppliedVersionPruning {
  /** The stream's limits as the consumer found them; the first call starts the runs. */
  streamLimits(limits: StatusStreamLimits): void;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Deletes remembered versions past their horizon (max_age + duplicate
 * window of the stream, read from the stream itself rather than configured
 * twice), hourly, or four times per horizon when that is shorter. Every
 * replica runs it: the DELETE is idempotent and batched, so overlapping runs
 * only share the work. Nothing runs until the consumer has read the limits.
 */
export function startAppliedVersionPruning(options: AppliedVersionPruningOptions): AppliedVersionPruning {
  const log = options.logger.child({ component: 'applied-version-pruning' });
  let horizonMs: number | null | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const run = async (): Promise<void> => {
    if (horizonMs === null || horizonMs === undefined) return;
    const before = new Date(options.clock().getTime() - horizonMs);
    const pruned = await pruneAppliedVersions(options.orm, before);
    options.onPruned?.(pruned);
    if (pruned > 0) log.info({ pruned, appliedBefore: before }, 'remembered versions pruned');
  };
  const tick = (): void => {
    timer = undefined;
    running = run()
      .catch((error: unknown) => log.warn({ err: error }, 'pruning remembered versions failed; trying again later'))
      .finally(() => {
        if (!stopped && typeof horizonMs === 'number')
          timer = setTimeout(tick, Math.min(PRUNE_EVERY_MS, horizonMs / 4));
      });
  };

  return {
    streamLimits(limits) {
      const first = horizonMs === undefined;
      horizonMs = appliedVersionHorizonMs(limits);
      if (horizonMs === null) log.warn({ ...limits }, 'the status stream has no max_age: remembered versions are kept');
      if (first && horizonMs !== null && !stopped) timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
