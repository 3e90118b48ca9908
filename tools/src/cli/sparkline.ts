// A one-line terminal graph of a time series. Zero gets the lowest mark and
// any non-zero value at least the second, so a quiet bucket never looks like
// a busy one; the rest scale linearly to the peak.
const MARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/**
 * Renders `values` in at most `width` characters. When there are more values
 * than columns, each column shows the peak of the values it covers (a peak
 * rather than a sum, because summing unique-user counts would invent users).
 */
export function renderSparkline(values: readonly number[], width: number): string {
  const columns = peaksPerColumn(values, Math.max(1, Math.floor(width)));
  const peak = Math.max(0, ...columns);
  return columns.map((value) => MARKS[markIndex(value, peak)]).join('');
}

function markIndex(value: number, peak: number): number {
  if (value <= 0 || peak <= 0) return 0;
  return Math.max(1, Math.ceil((value / peak) * (MARKS.length - 1)));
}

/** Column i covers values [floor(i·n/w), floor((i+1)·n/w)): every value lands in exactly one column. */
function peaksPerColumn(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  const columns: number[] = [];
  for (let column = 0; column < width; column++) {
    const from = Math.floor((column * values.length) / width);
    const to = Math.floor(((column + 1) * values.length) / width);
    columns.push(Math.max(...values.slice(from, to)));
  }
  return columns;
}
