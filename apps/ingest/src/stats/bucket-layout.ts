/**
 * The buckets of a time series: `rollupSeconds` long, aligned to multiples
 * of the rollup since the Unix epoch, covering [start, end). The first
 * bucket may begin before `start` and the last end after `end`; only events
 * inside [start, end) are counted in them.
 */
export function bucketStarts(start: Date, end: Date, rollupSeconds: number): Date[] {
  const rollupMs = rollupSeconds * 1000;
  const first = Math.floor(start.getTime() / rollupMs) * rollupMs;
  const buckets: Date[] = [];
  for (let t = first; t < end.getTime(); t += rollupMs) buckets.push(new Date(t));
  return buckets;
}

/** How many buckets bucketStarts would give, without building them. */
export function bucketCount(start: Date, end: Date, rollupSeconds: number): number {
  const rollupMs = rollupSeconds * 1000;
  const first = Math.floor(start.getTime() / rollupMs) * rollupMs;
  return Math.max(0, Math.ceil((end.getTime() - first) / rollupMs));
}
