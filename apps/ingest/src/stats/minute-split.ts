const MINUTE_MS = 60_000;

export interface TimeSpan {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Splits [start, end) into whole minutes, answerable from the per-minute
 * counters, and the partial minutes at either edge, which only the events
 * themselves can answer exactly. `wholeMinutes` is null when no whole
 * minute fits.
 */
export function splitAtMinutes(start: Date, end: Date): { wholeMinutes: TimeSpan | null; edges: TimeSpan[] } {
  const firstWhole = Math.ceil(start.getTime() / MINUTE_MS) * MINUTE_MS;
  const lastWhole = Math.floor(end.getTime() / MINUTE_MS) * MINUTE_MS;
  if (firstWhole >= lastWhole) return { wholeMinutes: null, edges: [{ start, end }] };
  const edges: TimeSpan[] = [];
  if (start.getTime() < firstWhole) edges.push({ start, end: new Date(firstWhole) });
  if (lastWhole < end.getTime()) edges.push({ start: new Date(lastWhole), end });
  return { wholeMinutes: { start: new Date(firstWhole), end: new Date(lastWhole) }, edges };
}
