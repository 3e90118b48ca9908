import { parseTerm } from './parse-term.js';
import { QueryError } from './query-error.js';
import type { QueryFilter, QueryTerm } from './query-filter.js';
import { isWhitespace } from './query-key.js';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './query-limits.js';
import { termError } from './term-extent.js';

/**
 * Parses the query language of behaviour.md §3: whitespace-separated
 * `[!]key:value` terms that must all hold. Throws QueryError, and nothing
 * else, for any text that is not a query.
 */
export function parseQuery(text: string): QueryFilter {
  if (text.length > MAX_QUERY_LENGTH) {
    // The whole query is at fault, not one term.
    throw new QueryError(
      'query is too long',
      MAX_QUERY_LENGTH,
      '',
      `at most ${MAX_QUERY_LENGTH} characters, got ${text.length}`,
    );
  }
  const terms: QueryTerm[] = [];
  for (let i = skipWhitespace(text, 0); i < text.length;) {
    if (terms.length === MAX_QUERY_TERMS) {
      throw termError(text, i, 'too many terms', i, `a query holds at most ${MAX_QUERY_TERMS}`);
    }
    const term = parseTerm(text, i);
    terms.push(term);
    i = skipWhitespace(text, term.span.end);
  }
  return { terms };
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhitespace(text.charAt(i))) i++;
  return i;
}
