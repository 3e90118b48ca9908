import { isEventLevel } from './event-level.js';
import type { QueryFilter, QueryTerm } from './query-filter.js';
import { formatKey, isWritableTagKey } from './query-key.js';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './query-limits.js';

// A value is quoted only when it must be: empty, or holding whitespace, a
// quote or a colon (a backslash outside quotes is an ordinary character).
const NEEDS_QUOTES = /[\s":]/;

/**
 * The canonical text of a filter: single spaces, the shortest key spelling,
 * values quoted only when needed. `parseQuery(formatQuery(f))` has the same
 * terms as `f` (spans aside). Throws RangeError for a filter that no query
 * text could produce, e.g. a tag key holding `]` or more than 50 terms.
 */
export function formatQuery(filter: QueryFilter): string {
  if (filter.terms.length > MAX_QUERY_TERMS) {
    throw new RangeError(`a query holds at most ${MAX_QUERY_TERMS} terms, got ${filter.terms.length}`);
  }
  const text = filter.terms.map(formatTerm).join(' ');
  if (text.length > MAX_QUERY_LENGTH) {
    throw new RangeError(`a query holds at most ${MAX_QUERY_LENGTH} characters, got ${text.length}`);
  }
  return text;
}

function formatTerm(term: QueryTerm, index: number): string {
  const { key, value } = term;
  if (key.kind === 'tag' && !isWritableTagKey(key.tag)) {
    throw new RangeError(
      `term ${index}: tag key ${JSON.stringify(key.tag)} must be non-empty, without "]" or whitespace`,
    );
  }
  if (key.kind === 'field' && key.field === 'level' && !isEventLevel(value)) {
    throw new RangeError(`term ${index}: ${JSON.stringify(value)} is not a lowercase event level`);
  }
  return `${term.negated ? '!' : ''}${formatKey(key)}:${formatValue(value)}`;
}

function formatValue(value: string): string {
  if (value !== '' && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}
