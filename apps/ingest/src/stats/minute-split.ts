const MINUTE_MS = 60_000;

export interface TimeSpan {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Splits [start, end) into the whole units (epoch-aligned, `unitMs` long)
 * it contains and the partial units at either edge. `whole` is null when
 * no whole unit fits (then the one edge is the whole range).
 */
export function splitAtWholeUnits(
  start: Date,
  end: Date,
  unitMs: number,
): { whole: TimeSpan | null; edges: TimeSpan[] } {
  const firstWhole = Math.ceil(start.getTime() / unitMs) * unitMs;
  const lastWhole = Math.floor(end.getTime() / unitMs) * unitMs;
  if (firstWhole >= lastWhole) return { whole: null, edges: [{ start, end }] };
  const edges: TimeSpan[] = [];
  if (start.getTime() < firstWhole) edges.push({ start, end: new Date(firstWhole) });
  if (lastWhole < end.getTime()) edges.push({ start: new Date(lastWhole), end });
  return { whole: { start: new Date(firstWhole), end: new Date(lastWhole) }, edges };
}

/**
 * Splits [start, end) into whole minutes, answerable from the per-minute
 * counters, and the partial minutes at either edge, which only the events
 * themselves can answer exactly. `wholeMinutes` is null when no whole
 * minute fits.
 */
export function splitAtMinutes(start: Date, end: Date): { wholeMinutes: TimeSpan | null; edges: TimeSpan[] } {
  const { whole, edges } = splitAtWholeUnits(start, end, MINUTE_MS);
  return { wholeMinutes: whole, edges };
}
