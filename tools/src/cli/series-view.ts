// A time series as the CLI prints it: a sparkline over every bucket with
// the range's start and end under its two ends, and optionally a table of
// the buckets that hold something (200 mostly-empty rows would bury them).
import type { StatsBucket } from '@vigil/contracts/ingest';
import { formatInstant } from './instant.js';
import { renderSparkline } from './sparkline.js';
import { formatTable } from './table.js';

interface SeriesView {
  readonly buckets: readonly StatsBucket[];
  readonly rollupSeconds: number;
  /** What a bucket counts, e.g. "events" or "users". */
  readonly unit: string;
  /** Columns available for the sparkline. */
  readonly width: number;
  /** Also list the non-empty buckets. */
  readonly table: boolean;
  /** End of the range when known (else the last bucket's end). */
  readonly end?: Date | undefined;
}

export function formatSeries(view: SeriesView): string {
  const values = view.buckets.map((bucket) => Number(bucket.value));
  const first = view.buckets[0]?.start;
  const lastStart = view.buckets.at(-1)?.start;
  if (first === undefined || lastStart === undefined) return `no ${view.unit} buckets in the range`;
  const end = view.end ?? new Date(lastStart.getTime() + view.rollupSeconds * 1000);
  const peak = Math.max(...values);
  const lines = [
    `${view.unit} per ${describeRollup(view.rollupSeconds)} bucket: ${view.buckets.length} buckets, peak ${peak}`,
  ];
  const sparkline = renderSparkline(values, view.width);
  lines.push(sparkline, labelLine(formatInstant(first), formatInstant(end), [...sparkline].length));
  if (view.table) lines.push('', nonEmptyBucketsTable(view));
  return lines.join('\n');
}

/** 60 → "1m", 3600 → "1h", 90 → "90s". */
export function describeRollup(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function labelLine(start: string, end: string, width: number): string {
  const gap = width - start.length - end.length;
  return gap >= 2 ? start + ' '.repeat(gap) + end : `${start} → ${end}`;
}

function nonEmptyBucketsTable(view: SeriesView): string {
  const rows = view.buckets
    .filter((bucket) => Number(bucket.value) > 0)
    .map((bucket) => [formatInstant(bucket.start), bucket.value]);
  if (rows.length === 0) return `every bucket is empty: no ${view.unit}`;
  return formatTable([{ header: 'bucket start' }, { header: view.unit, align: 'right' }], rows);
}
