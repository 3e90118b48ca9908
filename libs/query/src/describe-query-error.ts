import type { QueryError } from './query-error.js';

// Enough context to recognise the term, short enough for one log line even
// when the query is huge (the too-long error points past 2,000 characters).
const CONTEXT_BEFORE = 60;
const CONTEXT_AFTER = 20;
const ELLIPSIS = '…';
// Shown as a space so that the text stays on one line and the caret stays
// under its character.
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{Cs}]/u;

/**
 * Two lines for a CLI or a log: the query and a caret under the error's
 * position, e.g. `level:bogus\n      ^`. Columns count code points, so the
 * caret may drift under wide (CJK, emoji) characters.
 */
export function describeQueryError(text: string, error: QueryError): string {
  const position = Math.min(Math.max(error.position, 0), text.length);
  const before = Array.from(text.slice(0, position), visible);
  const after = Array.from(text.slice(position), visible);
  const shownBefore = before.length > CONTEXT_BEFORE ? [ELLIPSIS, ...before.slice(-CONTEXT_BEFORE)] : before;
  const shownAfter = after.length > CONTEXT_AFTER ? [...after.slice(0, CONTEXT_AFTER), ELLIPSIS] : after;
  const line = [...shownBefore, ...shownAfter].join('');
  return `${line}\n${' '.repeat(shownBefore.length)}^`;
}

function visible(char: string): string {
  return INVISIBLE.test(char) ? ' ' : char;
}
