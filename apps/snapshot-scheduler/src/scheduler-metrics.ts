import type { ServiceMetrics } from '@vigil/runtime';
import type { PendingSnapshotReads } from './db/pending-snapshot-reads.js';
import type { SnapshotOutcome } from './domain/snapshot-outcome.js';

/**
 * The scheduler's own metrics on the service registry. The gauges are read
 * from the database at each scrape (so every replica reports the shared
 * table's state); redeliveries are counted as they happen.
 */
export function registerSchedulerMetrics(
  metrics: ServiceMetrics,
  reads: PendingSnapshotReads,
  clock: () => Date,
): { countRedelivery: () => void; countOutcome: (outcome: SnapshotOutcome, reason: string) => void } {
  // One query serves the three gauges of a scrape.
  let scrape: Promise<{ pending: number; due: number; oldestDueSeconds: number }> | undefined;
  const read = () => {
    scrape ??= (async () => {
      const now = clock();
      const counts = await reads.counts(now);
      return {
        pending: Number(counts.pending),
        due: Number(counts.due),
        oldestDueSeconds: counts.oldestDueAt ? (now.getTime() - counts.oldestDueAt.getTime()) / 1000 : 0,
      };
    })().finally(() => setTimeout(() => (scrape = undefined), 0));
    return scrape;
  };
  metrics.gauge({
    name: 'vigil_scheduler_pending_snapshots',
    help: 'Pending snapshots in the table, due or not.',
    async collect() {
      this.set((await read()).pending);
    },
  });
  metrics.gauge({
    name: 'vigil_scheduler_due_snapshots',
    help: 'Pending snapshots that are due now.',
    async collect() {
      this.set((await read()).due);
    },
  });
  metrics.gauge({
    name: 'vigil_scheduler_oldest_due_age_seconds',
    help: 'How long the oldest due snapshot has been due (0 when none is).',
    async collect() {
      this.set((await read()).oldestDueSeconds);
    },
  });
  const redeliveries = metrics.counter({
    name: 'vigil_scheduler_status_event_redeliveries_total',
    help: 'Status events delivered more than once (a failed apply, a lost ack, a restart).',
  });
  const outcomes = metrics.counter({
    name: 'vigil_scheduler_snapshot_outcomes_total',
    help: "Claimed pending snapshots by result (created, already_existed, removed_not_closed, removed_not_found, failed) and, for failed, the call's status code.",
    labelNames: ['result', 'reason'] as const,
  });
  return {
    countRedelivery: () => redeliveries.inc(),
    countOutcome: (result, reason) => outcomes.inc({ result, reason }),
  };
}
