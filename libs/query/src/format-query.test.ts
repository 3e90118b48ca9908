import { describe, expect, it } from 'vitest';
import { formatQuery } from './format-query.js';
import type { QueryFilter, QueryKey, QueryTerm } from './query-filter.js';
import { MAX_QUERY_TERMS } from './query-limits.js';
import { parseQuery } from './parse-query.js';

const SPAN = { start: 0, end: 0 };

function term(key: QueryKey, value: string, negated = false): QueryTerm {
  return { key, value, negated, span: SPAN };
}

const tag = (name: string): QueryKey => ({ kind: 'tag', tag: name });

describe('formatQuery', () => {
  it('writes the canonical form of a parsed query', () => {
    const parsed = parseQuery('  level_x:1\ttags[browser]:"Firefox"\n !level:ERROR tags[os]:"a b"');
    expect(formatQuery(parsed)).toBe('level_x:1 browser:Firefox !level:error os:"a b"');
  });

  it('writes terms in their order, negation kept', () => {
    const filter = { terms: [term(tag('b'), '2', true), term({ kind: 'field', field: 'user.id' }, '1')] };
    expect(formatQuery(filter)).toBe('!b:2 user.id:1');
  });

  it('writes the empty filter as the empty query', () => {
    expect(formatQuery({ terms: [] })).toBe('');
  });

  it.each([
    ['', '""'],
    ['a b', '"a b"'],
    ['a:b', '"a:b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['"', '"\\""'],
    ['back\\slash', 'back\\slash'],
    ['"back\\slash"', '"\\"back\\\\slash\\""'],
    ['tab\t', '"tab\t"'],
    ['!x', '!x'],
  ])('quotes the value %j only as needed: %s', (value, written) => {
    expect(formatQuery({ terms: [term(tag('k'), value)] })).toBe(`k:${written}`);
  });

  it.each([
    ['browser', 'browser'],
    ['level', 'tags[level]'],
    ['Level', 'tags[Level]'],
    ['user.id', 'tags[user.id]'],
    ['user.email', 'tags[user.email]'],
    ['os/name', 'tags[os/name]'],
    ['tags', 'tags'],
  ])('writes the tag key %j as %s', (name, written) => {
    expect(formatQuery({ terms: [term(tag(name), 'x')] })).toBe(`${written}:x`);
  });

  it.each<[string, QueryFilter, string]>([
    [
      'an empty tag key',
      { terms: [term(tag(''), 'x')] },
      'term 0: tag key "" must be non-empty, without "]" or whitespace',
    ],
    [
      'a tag key with "]"',
      { terms: [term(tag('a'), 'x'), term(tag('a]b'), 'x')] },
      'term 1: tag key "a]b" must be non-empty, without "]" or whitespace',
    ],
    [
      'a tag key with a space',
      { terms: [term(tag('a b'), 'x')] },
      'term 0: tag key "a b" must be non-empty, without "]" or whitespace',
    ],
    [
      'an uppercase level',
      { terms: [term({ kind: 'field', field: 'level' }, 'ERROR')] },
      'term 0: "ERROR" is not a lowercase event level',
    ],
    [
      'too many terms',
      { terms: Array(MAX_QUERY_TERMS + 1).fill(term(tag('a'), 'b')) },
      `a query holds at most ${MAX_QUERY_TERMS} terms, got ${MAX_QUERY_TERMS + 1}`,
    ],
    [
      'too long a text',
      { terms: [term(tag('a'), 'b'.repeat(2_000))] },
      'a query holds at most 2000 characters, got 2002',
    ],
  ])('refuses a filter no query could produce: %s', (_, filter, message) => {
    expect(() => formatQuery(filter)).toThrow(new RangeError(message));
  });
});
