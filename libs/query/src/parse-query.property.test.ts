import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeQueryError } from './describe-query-error.js';
import { EVENT_LEVELS } from './event-level.js';
import { formatQuery } from './format-query.js';
import { QueryError } from './query-error.js';
import { QUERY_FIELDS, type QueryFilter, type QueryKey } from './query-filter.js';
import { parseQuery } from './parse-query.js';

const NUM_RUNS = 1_000;

/** Any single code point, so tag keys and values hold quotes, brackets, surrogates… */
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });

function anyCharExcept(excluded: RegExp): fc.Arbitrary<string> {
  return anyChar.filter((char) => !excluded.test(char));
}

/** Any character, the ones the grammar cares about far more often than by chance. */
const trickyChar = fc.oneof(anyChar, fc.constantFrom('"', '\\', ':', '!', '[', ']', ' ', '\t', '\u00a0', '😀'));

/** Pieces that steer random text into every corner of the grammar. */
const queryFragment = fc.constantFrom(
  'level',
  'environment',
  'user.id',
  'user.x',
  'Level',
  'tags[',
  'tags',
  'k',
  'error',
  'INFO',
  ':',
  '!',
  '"',
  '\\',
  '[',
  ']',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u2028',
  '$',
  'é',
  '😀',
  '\ud800',
  '',
);

const sometimes = (text: string) => fc.constantFrom('', '', '', text);
const gap = fc.constantFrom(' ', '  ', '\t', '\n ', '\u3000');

/** A term as a person might write it, quoting and escaping done right. */
const wellFormedTermText = fc
  .tuple(
    sometimes('!'),
    fc.oneof(
      fc.constantFrom('level', 'environment', 'release', 'platform', 'user.id', 'browser', 'a.b-c_d'),
      fc.string({ unit: anyCharExcept(/[\]\s]/), minLength: 1, maxLength: 6 }).map((tag) => `tags[${tag}]`),
    ),
  )
  .chain(([bang, key]) => {
    const value =
      key === 'level'
        ? fc.constantFrom('error', 'INFO', 'Warning', 'debug', 'fatal')
        : fc.oneof(
            fc.string({ unit: anyCharExcept(/[\s":]/), minLength: 1, maxLength: 8 }),
            fc
              .string({ unit: fc.oneof(anyCharExcept(/["\\]/), fc.constantFrom('\\"', '\\\\')), maxLength: 8 })
              .map((inner) => `"${inner}"`),
          );
    return value.map((written) => `${bang}${key}:${written}`);
  });

/** A term with the odd flaw: a wrong key, a missing colon, a bad escape, an open quote… */
const flawedTermText = fc
  .tuple(
    sometimes('!'),
    fc.oneof(
      fc.constantFrom('level', 'environment', 'Level', 'user.ip', 'x$', ''),
      fc.string({ unit: 'binary', maxLength: 6 }).map((tag) => `tags[${tag}]`),
    ),
    fc.constantFrom(':', ':', ''),
    fc.oneof(
      fc.constantFrom('error', 'bogus', '', 'a:b', 'a"b'),
      fc
        .string({ unit: fc.oneof(anyCharExcept(/["\\]/), fc.constantFrom('\\"', '\\\\', '\\n', '\\')), maxLength: 8 })
        // Text after the closing quote, or no closing quote, or an escape cut short.
        .chain((inner) => fc.constantFrom(`"${inner}"`, `"${inner}"x`, `"${inner}`, `"${inner}\\`)),
    ),
  )
  .map((parts) => parts.join(''));

const termLikeText = fc.oneof({ arbitrary: wellFormedTermText, weight: 19 }, { arbitrary: flawedTermText, weight: 1 });

/** Whitespace-separated terms, most of which parse. */
const termsText = fc.array(fc.tuple(gap, termLikeText), { maxLength: 8 }).map((terms) => terms.flat().join(''));

/** Any text, from noise to near-queries. */
const queryLikeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(':', '!', '"', '\\', '[', ']', ' ', 'a', 'é', '😀'), maxLength: 40 }),
  fc.array(queryFragment, { maxLength: 30 }).map((pieces) => pieces.join('')),
  termsText,
  flawedTermText,
  // Long enough, now and then, to pass the length or term-count bound.
  fc.tuple(termsText, fc.integer({ min: 2, max: 200 })).map(([text, times]) => text.repeat(times)),
);

const queryKey: fc.Arbitrary<QueryKey> = fc.oneof(
  fc.constantFrom(...QUERY_FIELDS).map((field): QueryKey => ({ kind: 'field', field })),
  fc
    .string({ unit: trickyChar.filter((char) => !/[\]\s]/.test(char)), minLength: 1, maxLength: 12 })
    .map((tag): QueryKey => ({ kind: 'tag', tag })),
  fc
    .constantFrom('level', 'Level', 'user.id', 'user.email', 'tags', 'a.b-c_d')
    .map((tag): QueryKey => ({ kind: 'tag', tag })),
);

const queryTerm = fc.record({ key: queryKey, negated: fc.boolean() }).chain(({ key, negated }) => {
  const isLevel = key.kind === 'field' && key.field === 'level';
  const value = isLevel ? fc.constantFrom(...EVENT_LEVELS) : fc.string({ unit: trickyChar, maxLength: 20 });
  return value.map((text) => ({ key, value: text, negated, span: { start: 0, end: 0 } }));
});

const validFilter: fc.Arbitrary<QueryFilter> = fc.record({ terms: fc.array(queryTerm, { maxLength: 10 }) });

/** What a filter says, spans aside. */
function meaning(filter: QueryFilter) {
  return filter.terms.map(({ key, value, negated }) => ({ key, value, negated }));
}

/** The filter, or the QueryError; anything else thrown fails the property. */
function attempt(text: string): QueryFilter | QueryError {
  try {
    return parseQuery(text);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
}

describe('parseQuery properties', () => {
  it('returns a filter or throws a QueryError pointing inside the text, never anything else', () => {
    fc.assert(
      fc.property(queryLikeText, (text) => {
        const result = attempt(text);
        if (result instanceof QueryError) {
          expect(result.position).toBeGreaterThanOrEqual(0);
          expect(result.position).toBeLessThanOrEqual(text.length);
          expect(text).toContain(result.term);
          expect(describeQueryError(text, result).split('\n')).toHaveLength(2);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reads back what formatQuery wrote', () => {
    fc.assert(
      fc.property(validFilter, (filter) => {
        expect(meaning(parseQuery(formatQuery(filter)))).toEqual(meaning(filter));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('writes a parsed query in a form that formats to itself', () => {
    fc.assert(
      fc.property(fc.oneof(termsText, queryLikeText), (text) => {
        const result = attempt(text);
        if (result instanceof QueryError) return;
        const canonical = formatQuery(result);
        expect(meaning(parseQuery(canonical))).toEqual(meaning(result));
        expect(formatQuery(parseQuery(canonical))).toBe(canonical);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('gives each term an ordered span inside the text that holds exactly that term', () => {
    const withSpacing = fc.tuple(validFilter, fc.array(gap, { minLength: 11, maxLength: 11 })).map(([filter, gaps]) => {
      const written = filter.terms.map((term) => formatQuery({ terms: [term] }));
      return gaps[0] + written.map((term, i) => `${term}${gaps[i + 1] ?? ''}`).join('');
    });
    fc.assert(
      fc.property(fc.oneof(withSpacing, termsText, queryLikeText), (text) => {
        const result = attempt(text);
        if (result instanceof QueryError) return;
        let previousEnd = 0;
        for (const term of result.terms) {
          expect(term.span.start).toBeGreaterThanOrEqual(previousEnd);
          expect(term.span.end).toBeGreaterThan(term.span.start);
          expect(term.span.end).toBeLessThanOrEqual(text.length);
          const alone = parseQuery(text.slice(term.span.start, term.span.end)).terms;
          expect(meaning({ terms: alone })).toEqual(meaning({ terms: [term] }));
          previousEnd = term.span.end;
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
