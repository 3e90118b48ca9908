// One term: `[!]key:value`.
import { normalizeLevel } from './event-level.js';
import type { QueryTerm } from './query-filter.js';
import { scanKey } from './scan-key.js';
import { scanValue } from './scan-value.js';

/** Parses the term that starts at `start` (not whitespace, not the end). */
export function parseTerm(text: string, start: number): QueryTerm {
  const negated = text.charAt(start) === '!';
  const { key, colonAt } = scanKey(text, negated ? start + 1 : start, start);
  const valueStart = colonAt + 1;
  const { value, end } = scanValue(text, valueStart, start);
  const isLevel = key.kind === 'field' && key.field === 'level';
  return {
    key,
    value: isLevel ? normalizeLevel(value, valueStart, text.slice(start, end)) : value,
    negated,
    span: { start, end },
  };
}
