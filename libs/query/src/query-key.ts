// Which key a term names. A bare key is a field when it spells one exactly,
// otherwise a tag; spellings that look like a field but are not one are
// refused, since a silent tag lookup (`Level:error`, `user.email:x`) would
// match nothing and nobody would notice.
import { QUERY_FIELDS, type QueryField, type QueryKey } from './query-filter.js';

const BARE_KEY_CHAR = /^[A-Za-z0-9_.-]$/;
const BARE_KEY = /^[A-Za-z0-9_.-]+$/;
const WHITESPACE = /\s/;

export const TAG_KEY_OPEN = 'tags[';
export const TAG_KEY_CLOSE = ']';

export function isBareKeyChar(char: string): boolean {
  return BARE_KEY_CHAR.test(char);
}

export function isWhitespace(char: string): boolean {
  return WHITESPACE.test(char);
}

function asField(name: string): QueryField | undefined {
  return QUERY_FIELDS.find((field) => field === name);
}

/** Why a bare name other than a field cannot stand for a tag; undefined when it can. */
export function reservedNameHint(name: string): string | undefined {
  if (asField(name) !== undefined) return undefined;
  const lower = name.toLowerCase();
  const field = asField(lower);
  if (field !== undefined) {
    return `did you mean "${field}"? Write tags[${name}] for a tag`;
  }
  if (lower.startsWith('user.')) {
    return `the only user key is "user.id"; write tags[${name}] for a tag`;
  }
  return undefined;
}

/** The key a bare name stands for, once reservedNameHint has let it through. */
export function keyForBareName(name: string): QueryKey {
  const field = asField(name);
  return field === undefined ? { kind: 'tag', tag: name } : { kind: 'field', field };
}

/** A tag key that `tags[...]` can hold: non-empty, no `]`, no whitespace. */
export function isWritableTagKey(tag: string): boolean {
  return tag.length > 0 && ![...tag].some((char) => char === TAG_KEY_CLOSE || isWhitespace(char));
}

/** The shortest spelling of a key that parses back to the same key. */
export function formatKey(key: QueryKey): string {
  if (key.kind === 'field') return key.field;
  const bare = BARE_KEY.test(key.tag) && asField(key.tag) === undefined;
  return bare && reservedNameHint(key.tag) === undefined ? key.tag : `${TAG_KEY_OPEN}${key.tag}${TAG_KEY_CLOSE}`;
}
