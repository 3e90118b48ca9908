// Plain-text tables for a terminal: a header, a rule, then one line per row.

interface TableColumn {
  readonly header: string;
  /** Numbers read best right-aligned. */
  readonly align?: 'left' | 'right';
  /** Longer cells are cut with "…" (long messages would wrap every line). */
  readonly maxWidth?: number;
}

/** Lays out `rows` (one cell per column) under `columns`; no trailing spaces. */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => columns.map((column, i) => clip(row[i] ?? '', column.maxWidth)));
  const widths = columns.map((column, i) =>
    Math.max(length(column.header), ...cells.map((row) => length(row[i] ?? ''))),
  );
  const line = (row: readonly string[]): string =>
    columns
      .map((column, i) => pad(row[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  return [line(columns.map((column) => column.header)), rule, ...cells.map(line)].join('\n');
}

// Code points, not UTF-16 units: block characters and accents take one column.
function length(text: string): number {
  return [...text].length;
}

function clip(text: string, maxWidth: number | undefined): string {
  const flat = text.replace(/\s+/g, ' ');
  if (maxWidth === undefined || length(flat) <= maxWidth) return flat;
  return `${[...flat].slice(0, Math.max(0, maxWidth - 1)).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - length(text)));
  return align === 'right' ? fill + text : text + fill;
}
