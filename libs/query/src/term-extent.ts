// Where a term ends, found without its grammar, so that an error can quote
// the whole term even when the parser gave up half-way through it.
import { QueryError } from './query-error.js';
import { isWhitespace } from './query-key.js';

interface TermExtent {
  /** Exclusive end: the first whitespace outside quotes, or the end of text. */
  readonly end: number;
  /** The opening quote of a quoted part that never closes. */
  readonly unclosedQuoteAt?: number;
  /** The first `:` outside quotes. */
  readonly colonAt?: number;
}

export function termExtent(text: string, start: number): TermExtent {
  let colonAt: number | undefined;
  let quoteAt: number | undefined;
  let i = start;
  for (; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoteAt !== undefined) {
      if (char === '\\') i++;
      else if (char === '"') quoteAt = undefined;
    } else if (isWhitespace(char)) {
      break;
    } else if (char === '"') {
      quoteAt = i;
    } else if (char === ':' && colonAt === undefined) {
      colonAt = i;
    }
  }
  // An escape as the very last character steps one past the end.
  return { end: Math.min(i, text.length), unclosedQuoteAt: quoteAt, colonAt };
}

/** A QueryError about the term starting at `termStart`, quoting all of it. */
export function termError(
  text: string,
  termStart: number,
  problem: string,
  position: number,
  hint?: string,
): QueryError {
  const term = text.slice(termStart, termExtent(text, termStart).end);
  return new QueryError(problem, position, term, hint);
}
