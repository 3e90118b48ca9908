// The key part of a term: `tags[any key]` or a bare key, up to its `:`.
import type { QueryKey } from './query-filter.js';
import {
  TAG_KEY_CLOSE,
  TAG_KEY_OPEN,
  isBareKeyChar,
  isWhitespace,
  keyForBareName,
  reservedNameHint,
} from './query-key.js';
import { termError, termExtent } from './term-extent.js';

interface ScannedKey {
  readonly key: QueryKey;
  /** Where the key's `:` is. */
  readonly colonAt: number;
}

export function scanKey(text: string, keyStart: number, termStart: number): ScannedKey {
  return text.startsWith(TAG_KEY_OPEN, keyStart)
    ? scanTagKey(text, keyStart, termStart)
    : scanBareKey(text, keyStart, termStart);
}

function scanTagKey(text: string, keyStart: number, termStart: number): ScannedKey {
  const tagStart = keyStart + TAG_KEY_OPEN.length;
  let i = tagStart;
  while (i < text.length && text.charAt(i) !== TAG_KEY_CLOSE && !isWhitespace(text.charAt(i))) i++;
  if (text.charAt(i) !== TAG_KEY_CLOSE) {
    throw termError(
      text,
      termStart,
      `unclosed "${TAG_KEY_OPEN}"`,
      keyStart,
      `a tag key ends with "${TAG_KEY_CLOSE}" and holds no whitespace`,
    );
  }
  if (i === tagStart) throw termError(text, termStart, 'empty tag key', keyStart);
  const colonAt = i + 1;
  if (text.charAt(colonAt) !== ':') {
    const written = JSON.stringify(text.slice(keyStart, colonAt));
    throw termError(text, termStart, `expected ":" after ${written}`, colonAt);
  }
  return { key: { kind: 'tag', tag: text.slice(tagStart, i) }, colonAt };
}

function scanBareKey(text: string, keyStart: number, termStart: number): ScannedKey {
  let i = keyStart;
  while (i < text.length && isBareKeyChar(text.charAt(i))) i++;
  const name = text.slice(keyStart, i);
  if (text.charAt(i) === ':') {
    if (name === '') throw termError(text, termStart, 'missing key before ":"', keyStart);
    const hint = reservedNameHint(name);
    if (hint !== undefined) {
      throw termError(text, termStart, `unknown key ${JSON.stringify(name)}`, keyStart, hint);
    }
    return { key: keyForBareName(name), colonAt: i };
  }
  throw malformedKeyError(text, keyStart, termStart);
}

/** The bare key stopped short of a `:`: say what is wrong with the term. */
function malformedKeyError(text: string, keyStart: number, termStart: number) {
  const extent = termExtent(text, termStart);
  if (extent.unclosedQuoteAt !== undefined) {
    return termError(text, termStart, 'unterminated quote', extent.unclosedQuoteAt);
  }
  if (extent.colonAt !== undefined) {
    const written = JSON.stringify(text.slice(keyStart, extent.colonAt));
    return termError(
      text,
      termStart,
      `invalid key ${written}`,
      keyStart,
      `a bare key holds letters, digits, "_", "-" and "."; write other tag keys as ${TAG_KEY_OPEN}key${TAG_KEY_CLOSE}`,
    );
  }
  const written = JSON.stringify(text.slice(termStart, extent.end));
  return termError(text, termStart, `expected key:value, got ${written}`, termStart);
}
