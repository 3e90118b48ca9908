import type { ServiceMetrics } from '@vigil/runtime';
import type { RetentionRun } from './run-retention.js';

/** Records retention runs: oldest day kept, days dropped, last run and its duration. */
export type RetentionRecorder = (run: RetentionRun, startedAt: Date, durationSeconds: number) => void;

export function retentionMetrics(metrics: ServiceMetrics): RetentionRecorder {
  const oldestDayKept = metrics.gauge({
    name: 'vigil_ingest_retention_oldest_day_kept_seconds',
    help: 'Start (Unix seconds) of the oldest UTC day retention keeps; older days are dropped.',
  });
  const daysDropped = metrics.counter({
    name: 'vigil_ingest_retention_days_dropped_total',
    help: 'UTC days of events (with their counters) dropped by retention.',
  });
  const eventsDropped = metrics.counter({
    name: 'vigil_ingest_retention_events_dropped_total',
    help: 'Events that went with the days retention dropped.',
  });
  const lastRun = metrics.gauge({
    name: 'vigil_ingest_retention_last_run_timestamp_seconds',
    help: 'When (Unix seconds) this replica last ran retention to the end.',
  });
  const lastDuration = metrics.gauge({
    name: 'vigil_ingest_retention_last_run_duration_seconds',
    help: 'How long the last retention run of this replica took.',
  });
  return (run, startedAt, durationSeconds) => {
    if (!run.ran) return;
    oldestDayKept.set(Date.parse(`${run.oldestDayKept}T00:00:00Z`) / 1000);
    daysDropped.inc(run.days.length);
    eventsDropped.inc(run.days.reduce((sum, d) => sum + d.events, 0));
    lastRun.set(startedAt.getTime() / 1000);
    lastDuration.set(durationSeconds);
  };
}
