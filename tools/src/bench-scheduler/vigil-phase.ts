// Vigil's side of the race: one ProcessDueSnapshots call, which claims due
// rows in batches of BATCH_SIZE with CONCURRENCY calls in flight until none is
// due, then returns. The clock runs from sending the call to its answer.
import type { SnapshotSchedulerServiceClient } from '@vigil/contracts/scheduler';
import { callUnary } from '@vigil/runtime';
import { setTimeout as sleep } from 'node:timers/promises';

const STATUS_DEADLINE_MS = 10_000;
const PROCESS_DEADLINE_MS = 30 * 60_000;

interface PendingCounts {
  readonly pending: number;
  readonly due: number;
}

async function schedulerCounts(scheduler: SnapshotSchedulerServiceClient): Promise<PendingCounts> {
  const status = await callUnary(scheduler, 'getSchedulerStatus', {}, { timeoutMs: STATUS_DEADLINE_MS });
  return { pending: Number(status.pendingCount), due: Number(status.dueCount) };
}

/** Waits until the scheduler has applied every close: exactly `expected` rows pending and due. */
export async function waitForPendingRows(
  scheduler: SnapshotSchedulerServiceClient,
  expected: PendingCounts,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await schedulerCounts(scheduler);
    if (counts.pending === expected.pending && counts.due === expected.due) return;
    if (counts.pending > expected.pending || counts.due > expected.due || Date.now() > deadline) {
      throw new Error(`scheduler has ${JSON.stringify(counts)} pending/due rows, expected ${JSON.stringify(expected)}`);
    }
    await sleep(200);
  }
}

/** Seconds ProcessDueSnapshots took to make `expected` snapshots; throws unless it made exactly those and none is left due. */
export async function timeVigilScheduler(scheduler: SnapshotSchedulerServiceClient, expected: number): Promise<number> {
  const startedAt = performance.now();
  const tally = await callUnary(scheduler, 'processDueSnapshots', {}, { timeoutMs: PROCESS_DEADLINE_MS });
  const seconds = (performance.now() - startedAt) / 1000;
  if (Number(tally.created) !== expected || Number(tally.failed) !== 0 || Number(tally.claimed) !== expected) {
    throw new Error(`ProcessDueSnapshots made ${JSON.stringify(tally)}, expected ${expected} created and none failed`);
  }
  const after = await schedulerCounts(scheduler);
  if (after.due !== 0) throw new Error(`${after.due} pending snapshots still due after ProcessDueSnapshots`);
  return seconds;
}
