import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './query-limits.js';
import { parseQuery } from './parse-query.js';

const field = (name: string) => ({ kind: 'field', field: name });
const tag = (name: string) => ({ kind: 'tag', tag: name });

/** The single term of a one-term query, spans left out. */
function onlyTerm(text: string) {
  const { terms } = parseQuery(text);
  expect(terms).toHaveLength(1);
  const [term] = terms;
  return { key: term?.key, value: term?.value, negated: term?.negated };
}

describe('parseQuery keys', () => {
  it.each([
    ['level:error', field('level'), 'error'],
    ['environment:production', field('environment'), 'production'],
    ['release:1.2.3', field('release'), '1.2.3'],
    ['platform:javascript', field('platform'), 'javascript'],
    ['user.id:42', field('user.id'), '42'],
    ['browser:Firefox', tag('browser'), 'Firefox'],
    ['a.b-c_D9:x', tag('a.b-c_D9'), 'x'],
    ['tags[browser]:Firefox', tag('browser'), 'Firefox'],
    ['tags[os.name/π!"]:linux', tag('os.name/π!"'), 'linux'],
    ['tags[level]:error', tag('level'), 'error'],
    ['tags[Level]:x', tag('Level'), 'x'],
    ['tags[user.email]:x', tag('user.email'), 'x'],
    ['tags[a:b]:c', tag('a:b'), 'c'],
    ['tags[[x]:y', tag('[x'), 'y'],
    ['tags:x', tag('tags'), 'x'],
    ['user:x', tag('user'), 'x'],
  ])('%s names %o', (text, key, value) => {
    expect(onlyTerm(text)).toEqual({ key, value, negated: false });
  });
});

describe('parseQuery levels', () => {
  it.each(['fatal', 'error', 'warning', 'info', 'debug'])('accepts %s', (level) => {
    expect(onlyTerm(`level:${level}`).value).toBe(level);
  });

  it('matches level names in any case and stores them lowercase', () => {
    expect(onlyTerm('level:WARNING').value).toBe('warning');
    expect(onlyTerm('level:"Fatal"').value).toBe('fatal');
  });

  it('keeps the case of every other value', () => {
    expect(onlyTerm('environment:Prod').value).toBe('Prod');
    expect(onlyTerm('tags[level]:ERROR').value).toBe('ERROR');
  });
});

describe('parseQuery negation', () => {
  it('marks a term that starts with "!" as negated', () => {
    expect(onlyTerm('!environment:staging')).toEqual({
      key: field('environment'),
      value: 'staging',
      negated: true,
    });
    expect(onlyTerm('!tags[os]:"Mac OS"')).toEqual({ key: tag('os'), value: 'Mac OS', negated: true });
  });

  it('reads a "!" inside a value as part of the value', () => {
    expect(onlyTerm('release:!1')).toEqual({ key: field('release'), value: '!1', negated: false });
  });
});

describe('parseQuery values', () => {
  it.each([
    ['release:"1.0 beta"', '1.0 beta'],
    ['release:"a:b:c"', 'a:b:c'],
    ['release:"say \\"hi\\""', 'say "hi"'],
    ['release:"C:\\\\path"', 'C:\\path'],
    ['release:"\\\\\\""', '\\"'],
    ['release:""', ''],
    ['release:"tab\there\nnewline"', 'tab\there\nnewline'],
    ['release:"!level:error"', '!level:error'],
    ['release:a\\b', 'a\\b'],
    ['release:Ünïcødé😀', 'Ünïcødé😀'],
    ['release:tags[x]', 'tags[x]'],
  ])('%s has the value %j', (text, value) => {
    expect(onlyTerm(text).value).toBe(value);
  });
});

describe('parseQuery terms', () => {
  it.each(['', ' ', '\t\n  \u00a0'])('reads %j as the filter that matches everything', (text) => {
    expect(parseQuery(text)).toEqual({ terms: [] });
  });

  it('reads every whitespace-separated term, with its span', () => {
    const text = ' level:error\t!environment:"prod eu"\n\nbrowser:x ';
    expect(parseQuery(text).terms).toEqual([
      { key: field('level'), value: 'error', negated: false, span: { start: 1, end: 12 } },
      { key: field('environment'), value: 'prod eu', negated: true, span: { start: 13, end: 35 } },
      { key: tag('browser'), value: 'x', negated: false, span: { start: 37, end: 46 } },
    ]);
  });

  it('keeps repeated and contradicting terms: all of them must hold', () => {
    const { terms } = parseQuery('level:error level:info level:error');
    expect(terms.map((term) => term.value)).toEqual(['error', 'info', 'error']);
  });

  it(`accepts ${MAX_QUERY_TERMS} terms and ${MAX_QUERY_LENGTH} characters`, () => {
    expect(parseQuery(Array(MAX_QUERY_TERMS).fill('a:b').join(' ')).terms).toHaveLength(MAX_QUERY_TERMS);
    const longest = `release:${'x'.repeat(MAX_QUERY_LENGTH - 'release:'.length)}`;
    expect(onlyTerm(longest).value).toHaveLength(MAX_QUERY_LENGTH - 'release:'.length);
  });
});
