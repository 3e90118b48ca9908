// How the snapshot scheduler's pending rows, runs and status read in a terminal.
import type {
  GetSchedulerStatusResponse,
  PendingSnapshot,
  ProcessDueSnapshotsResponse,
} from '@vigil/contracts/scheduler';
import { formatInstant } from '../instant.js';
import { formatTable } from '../table.js';

/** `now` marks which rows are due (next attempt passed). */
export function formatPendingSnapshots(rows: readonly PendingSnapshot[], now: Date): string {
  if (rows.length === 0) return 'no pending snapshots';
  return formatTable(
    [
      { header: 'incident', align: 'right' },
      { header: 'org', align: 'right' },
      { header: 'version', align: 'right' },
      { header: 'target run date' },
      { header: 'next attempt' },
      { header: 'due' },
      { header: 'attempts', align: 'right' },
      { header: 'last error', maxWidth: 40 },
    ],
    rows.map((row) => [
      row.incidentId,
      row.organizationId,
      row.incidentVersion,
      formatInstant(row.targetRunDate),
      formatInstant(row.nextAttemptAt),
      row.nextAttemptAt !== undefined && row.nextAttemptAt.getTime() <= now.getTime() ? 'yes' : 'no',
      String(row.attempts),
      row.lastError,
    ]),
  );
}

export function formatProcessOutcome(outcome: ProcessDueSnapshotsResponse): string {
  return [
    `claimed ${outcome.claimed} due row(s) in ${outcome.batches} batch(es):`,
    `  snapshots created               ${outcome.created}`,
    `  snapshots that already existed  ${outcome.alreadyExisted}`,
    `  removed, incident not closed    ${outcome.removedNotClosed}`,
    `  removed, incident gone          ${outcome.removedNotFound}`,
    `  failed, kept for a retry        ${outcome.failed}`,
  ].join('\n');
}

export function formatSchedulerStatus(status: GetSchedulerStatusResponse): string {
  const age = status.oldestDueAge === undefined ? 'none due' : describeAge(Number(status.oldestDueAge.seconds));
  return [
    `as of ${formatInstant(status.asOf)}`,
    `  pending snapshots   ${status.pendingCount}`,
    `  due now             ${status.dueCount}`,
    `  oldest due for      ${age}`,
  ].join('\n');
}

/** 42 → "42 s", 3725 → "1 h 2 min": ages as people say them. */
export function describeAge(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
