// The value part of a term: a run of non-space characters, or a quoted
// string in which only `\"` and `\\` are escapes. Anything else that could
// be a typo (a stray quote or colon, text glued to a closing quote) is an
// error rather than a guess.
import { isWhitespace } from './query-key.js';
import { termError } from './term-extent.js';

interface ScannedValue {
  readonly value: string;
  /** Exclusive end of the value as written, quotes included. */
  readonly end: number;
}

export function scanValue(text: string, valueStart: number, termStart: number): ScannedValue {
  const first = text.charAt(valueStart);
  if (first === '' || isWhitespace(first)) {
    const written = JSON.stringify(text.slice(termStart, valueStart));
    throw termError(text, termStart, `missing value after ${written}`, termStart);
  }
  return first === '"' ? scanQuotedValue(text, valueStart, termStart) : scanBareValue(text, valueStart, termStart);
}

function scanBareValue(text: string, valueStart: number, termStart: number): ScannedValue {
  let i = valueStart;
  for (; i < text.length && !isWhitespace(text.charAt(i)); i++) {
    const char = text.charAt(i);
    if (char === '"') {
      throw termError(
        text,
        termStart,
        'unexpected quote in an unquoted value',
        i,
        'quote the whole value and write a quote inside it as \\"',
      );
    }
    if (char === ':') {
      throw termError(text, termStart, 'unexpected ":" in an unquoted value', i, 'quote a value that holds ":"');
    }
  }
  return { value: text.slice(valueStart, i), end: i };
}

function scanQuotedValue(text: string, quoteAt: number, termStart: number): ScannedValue {
  let value = '';
  let i = quoteAt + 1;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '"') return closeQuotedValue(text, value, i + 1, termStart);
    if (char !== '\\') {
      value += char;
      i += 1;
      continue;
    }
    const escaped = text.codePointAt(i + 1);
    if (escaped === undefined) break;
    const escapedChar = String.fromCodePoint(escaped);
    if (escapedChar !== '"' && escapedChar !== '\\') {
      throw termError(
        text,
        termStart,
        `invalid escape ${describeEscape(escapedChar)}`,
        i,
        'only \\" and \\\\ are escapes inside quotes',
      );
    }
    value += escapedChar;
    i += 2;
  }
  throw termError(text, termStart, 'unterminated quote', quoteAt);
}

function closeQuotedValue(text: string, value: string, end: number, termStart: number): ScannedValue {
  const next = text.charAt(end);
  if (next !== '' && !isWhitespace(next)) {
    throw termError(text, termStart, 'unexpected text after closing quote', end, 'separate terms with whitespace');
  }
  return { value, end };
}

/** `"\n"` for a visible character; a code point for one that would not show. */
function describeEscape(char: string): string {
  if (/^[\p{Cc}\p{Cf}\p{Cs}\p{Z}]$/u.test(char)) {
    const codePoint = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `"\\" before U+${codePoint}`;
  }
  return `"\\${char}"`;
}
