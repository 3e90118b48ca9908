import { describe, expect, test } from 'vitest';
import { groupIdOf } from './group-id.js';

const blank = { fingerprint: [], exceptionType: '', exceptionValue: '', message: '' };

describe('groupIdOf', () => {
  test('is 32 lowercase hex digits and stable', () => {
    const id = groupIdOf({ ...blank, message: 'boom' });
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(groupIdOf({ ...blank, message: 'boom' })).toBe(id);
  });

  test('a fingerprint decides over exception and message', () => {
    const a = groupIdOf({ fingerprint: ['db-timeout'], exceptionType: 'E', exceptionValue: 'x', message: 'm1' });
    const b = groupIdOf({ fingerprint: ['db-timeout'], exceptionType: 'F', exceptionValue: 'y', message: 'm2' });
    expect(a).toBe(b);
  });

  test('without a fingerprint the exception decides over the message', () => {
    const a = groupIdOf({ ...blank, exceptionType: 'TypeError', exceptionValue: 'x is undefined', message: 'one' });
    const b = groupIdOf({ ...blank, exceptionType: 'TypeError', exceptionValue: 'x is undefined', message: 'two' });
    const c = groupIdOf({ ...blank, exceptionType: 'TypeError', exceptionValue: 'y is undefined', message: 'one' });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  test('otherwise the message decides', () => {
    expect(groupIdOf({ ...blank, message: 'a' })).not.toBe(groupIdOf({ ...blank, message: 'b' }));
  });

  test('sources and element boundaries never collide', () => {
    expect(groupIdOf({ ...blank, fingerprint: ['x'] })).not.toBe(groupIdOf({ ...blank, message: 'x' }));
    expect(groupIdOf({ ...blank, fingerprint: ['a b'] })).not.toBe(groupIdOf({ ...blank, fingerprint: ['a', 'b'] }));
  });
});

// Pinned outputs: every stored event carries its group id, so a change to the
// hashing (the JSON encoding, the source kinds, the digest, its length) would
// split every existing group in two while all the tests above stay green.
// Computed once from this implementation (and the message ones by hand:
// `printf '%s' '["message","boom"]' | sha256sum | cut -c1-32`). Never update
// one to make a test pass: a new hashing needs a migration of stored groups.
describe('groupIdOf pinned vectors', () => {
  test.each([
    [
      'a fingerprint of one part',
      { fingerprint: ['db-timeout'], exceptionType: 'E', exceptionValue: 'x', message: 'm' },
      '1508ac580bc79b3100fe433c8d2561ac',
    ],
    [
      'a fingerprint of several parts',
      { ...blank, fingerprint: ['checkout', 'payment', '502'] },
      'fa1761f0d5e26122e7ac784549811bc3',
    ],
    ['a fingerprint of one empty part', { ...blank, fingerprint: [''] }, '340690f74370b3d80c3de89de25e3211'],
    [
      'a fingerprint with an empty part between',
      { ...blank, fingerprint: ['a', '', 'b'] },
      'c84714b56ead8df405620882dd589d1f',
    ],
    [
      'an exception type and value',
      { ...blank, exceptionType: 'TypeError', exceptionValue: 'x is undefined', message: 'ignored' },
      'beb92c772dc3fe4d87ad0cf49b22aa90',
    ],
    ['an exception type only', { ...blank, exceptionType: 'TypeError' }, '2b938d36cf435014bead11c6afbb2a45'],
    ['an exception value only', { ...blank, exceptionValue: 'x is undefined' }, 'aedb1215514fc5ede6fd1eb4d214239e'],
    ['a message', { ...blank, message: 'boom' }, '4fed03f2b1ebb5ee12e21daa211ece44'],
    ['nothing at all (the empty message)', blank, 'b4e85aa62e837fefd21afb3e2d3ee9f8'],
    ['a unicode message', { ...blank, message: 'Ünïcödé 💥 错误' }, 'a5b541b09a7d43d4e1ffb75ded9c2301'],
    ['a unicode fingerprint', { ...blank, fingerprint: ['café', '🚀'] }, '41bd3a4426000fbe2f94e621c8f27d0f'],
    [
      'a decomposed é, hashed as given (no normalisation)',
      { ...blank, message: 'cafe\u0301' },
      '4529dc11ff5fa9fd674df915d36ad766',
    ],
    ['quotes and a backslash', { ...blank, message: 'say "hi"\\n' }, '895ad550cd335d283d544b02f3c8cf28'],
  ])('%s', (_, input, groupId) => {
    expect(groupIdOf(input)).toBe(groupId);
  });
});
