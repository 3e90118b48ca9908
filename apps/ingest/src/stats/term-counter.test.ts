import { parseQuery } from '@vigil/query';
import { describe, expect, it } from 'vitest';
import { countedTermOf } from './term-counter.js';

const filterOf = parseQuery;

describe('countedTermOf', () => {
  it.each([
    ['browser:chrome', { term: 'tag:browser', value: 'chrome', negated: false }],
    ['!browser:chrome', { term: 'tag:browser', value: 'chrome', negated: true }],
    ['environment:production', { term: 'environment', value: 'production', negated: false }],
    ['!environment:production', { term: 'environment', value: 'production', negated: true }],
    ['release:1.2.3', { term: 'release', value: '1.2.3', negated: false }],
    ['platform:node', { term: 'platform', value: 'node', negated: false }],
  ])('%s is counted', (text, term) => {
    expect(countedTermOf(filterOf(text))).toEqual(term);
  });

  it.each(['', 'level:error', 'user.id:u1', 'os:linux browser:firefox', 'browser:chrome level:error'])(
    '"%s" is not',
    (text) => {
      expect(countedTermOf(filterOf(text))).toBeNull();
    },
  );
});
