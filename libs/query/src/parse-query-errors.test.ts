import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './query-limits.js';
import { QueryError } from './query-error.js';
import { parseQuery } from './parse-query.js';

/** The QueryError parseQuery throws for `text`, as plain data. */
function errorOf(text: string) {
  try {
    parseQuery(text);
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    const { message, position, term, name } = error as QueryError;
    expect(name).toBe('QueryError');
    return { message, position, term };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseQuery errors', () => {
  it.each([
    ['hello', 'expected key:value, got "hello" at position 0', 0, 'hello'],
    ['level:error hello', 'expected key:value, got "hello" at position 12', 12, 'hello'],
    ['!', 'expected key:value, got "!" at position 0', 0, '!'],
    ['a:b ! c:d', 'expected key:value, got "!" at position 4', 4, '!'],
    ['level:', 'missing value after "level:" at position 0', 0, 'level:'],
    ['x:y !release: z:w', 'missing value after "!release:" at position 4', 4, '!release:'],
    [':x', 'missing key before ":" at position 0', 0, ':x'],
    ['!:x', 'missing key before ":" at position 1', 1, '!:x'],
    ['level:"error', 'unterminated quote at position 6', 6, 'level:"error'],
    ['level:error release:"1.0 beta', 'unterminated quote at position 20', 20, 'release:"1.0 beta'],
    ['x:"ends with \\"', 'unterminated quote at position 2', 2, 'x:"ends with \\"'],
    ['x:"\\', 'unterminated quote at position 2', 2, 'x:"\\'],
    ['"foo bar:x', 'unterminated quote at position 0', 0, '"foo bar:x'],
    ['x:"a\\nb"', 'invalid escape "\\n" at position 4: only \\" and \\\\ are escapes inside quotes', 4, 'x:"a\\nb"'],
    [
      'x:"\\\t"',
      'invalid escape "\\" before U+0009 at position 3: only \\" and \\\\ are escapes inside quotes',
      3,
      'x:"\\\t"',
    ],
    ['x:"a"b', 'unexpected text after closing quote at position 5: separate terms with whitespace', 5, 'x:"a"b'],
    ['x:"a""b"', 'unexpected text after closing quote at position 5: separate terms with whitespace', 5, 'x:"a""b"'],
    [
      'x:a"b"',
      'unexpected quote in an unquoted value at position 3: quote the whole value and write a quote inside it as \\"',
      3,
      'x:a"b"',
    ],
    [
      'release:a:b',
      'unexpected ":" in an unquoted value at position 9: quote a value that holds ":"',
      9,
      'release:a:b',
    ],
    [
      'level:bogus',
      'invalid level "bogus" at position 6: expected one of fatal, error, warning, info, debug',
      6,
      'level:bogus',
    ],
    [
      '!level:"err or"',
      'invalid level "err or" at position 7: expected one of fatal, error, warning, info, debug',
      7,
      '!level:"err or"',
    ],
    ['level:""', 'invalid level "" at position 6: expected one of fatal, error, warning, info, debug', 6, 'level:""'],
    [
      'Level:error',
      'unknown key "Level" at position 0: did you mean "level"? Write tags[Level] for a tag',
      0,
      'Level:error',
    ],
    [
      '!USER.ID:1',
      'unknown key "USER.ID" at position 1: did you mean "user.id"? Write tags[USER.ID] for a tag',
      1,
      '!USER.ID:1',
    ],
    [
      'user.email:a',
      'unknown key "user.email" at position 0: the only user key is "user.id"; write tags[user.email] for a tag',
      0,
      'user.email:a',
    ],
    [
      'fo$o:x',
      'invalid key "fo$o" at position 0: a bare key holds letters, digits, "_", "-" and "."; write other tag keys as tags[key]',
      0,
      'fo$o:x',
    ],
    [
      '"foo bar":x',
      'invalid key "\\"foo bar\\"" at position 0: a bare key holds letters, digits, "_", "-" and "."; write other tag keys as tags[key]',
      0,
      '"foo bar":x',
    ],
    [
      '!!level:error',
      'invalid key "!level" at position 1: a bare key holds letters, digits, "_", "-" and "."; write other tag keys as tags[key]',
      1,
      '!!level:error',
    ],
    ['tags[os:x', 'unclosed "tags[" at position 0: a tag key ends with "]" and holds no whitespace', 0, 'tags[os:x'],
    [
      'a:b tags[os name]:x',
      'unclosed "tags[" at position 4: a tag key ends with "]" and holds no whitespace',
      4,
      'tags[os',
    ],
    ['tags[]:x', 'empty tag key at position 0', 0, 'tags[]:x'],
    ['tags[os]', 'expected ":" after "tags[os]" at position 8', 8, 'tags[os]'],
    ['!tags[os]=x', 'expected ":" after "tags[os]" at position 9', 9, '!tags[os]=x'],
  ])('%j: %s', (text, message, position, term) => {
    expect(errorOf(text)).toEqual({ message, position, term });
  });

  it('reports the first bad term when several are bad', () => {
    expect(errorOf('a:b level:nope fo$o:x').position).toBe(10);
  });

  it(`refuses a query longer than ${MAX_QUERY_LENGTH} characters`, () => {
    const text = `release:${'x'.repeat(MAX_QUERY_LENGTH)}`;
    expect(errorOf(text)).toEqual({
      message: `query is too long at position ${MAX_QUERY_LENGTH}: at most ${MAX_QUERY_LENGTH} characters, got ${text.length}`,
      position: MAX_QUERY_LENGTH,
      term: '',
    });
  });

  it(`refuses more than ${MAX_QUERY_TERMS} terms, pointing at the first one too many`, () => {
    const text = `${Array(MAX_QUERY_TERMS).fill('a:b').join(' ')} extra:"x y"`;
    const position = MAX_QUERY_TERMS * 'a:b '.length;
    expect(errorOf(text)).toEqual({
      message: `too many terms at position ${position}: a query holds at most ${MAX_QUERY_TERMS}`,
      position,
      term: 'extra:"x y"',
    });
  });
});
