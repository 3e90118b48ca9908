import { describe, expect, test } from 'vitest';
import { groupIdOf, groupTitleOf, type GroupingFrame } from './group-id.js';

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

const frame = (fn: string, inApp = true, extra: Partial<GroupingFrame> = {}): GroupingFrame => ({
  module: '',
  filename: '/app/src/users.js',
  function: fn,
  inApp,
  ...extra,
});

describe('groupIdOf: the rules of issue 16, in order', () => {
  const thrown = { ...blank, exceptionType: 'TypeError', exceptionValue: 'x is undefined' };

  test('{{ default }} in a fingerprint stands for the default group, in any spacing', () => {
    const a = groupIdOf({ ...thrown, fingerprint: ['{{ default }}', 'tenant-a'] });
    expect(groupIdOf({ ...thrown, fingerprint: ['{{default}}', 'tenant-a'] })).toBe(a);
    // Different errors under one fingerprint with {{ default }} stay apart …
    expect(
      groupIdOf({ ...thrown, exceptionValue: 'y is undefined', fingerprint: ['{{ default }}', 'tenant-a'] }),
    ).not.toBe(a);
    // … and the rest of the fingerprint still counts.
    expect(groupIdOf({ ...thrown, fingerprint: ['{{ default }}', 'tenant-b'] })).not.toBe(a);
    // Without the placeholder, a fingerprint decides alone.
    expect(groupIdOf({ ...thrown, fingerprint: ['x'] })).toBe(
      groupIdOf({ ...blank, message: 'other', fingerprint: ['x'] }),
    );
  });

  test('the in-app frames of the exception decide over its value; line numbers and library frames do not count', () => {
    const at = (fn: string) => [frame('node:internal', false), frame(fn)];
    const a = groupIdOf({ ...thrown, frames: at('findUser') });
    expect(groupIdOf({ ...thrown, frames: at('saveUser') })).not.toBe(a);
    expect(groupIdOf({ ...thrown, exceptionValue: 'other text', frames: at('findUser') })).toBe(a);
    expect(groupIdOf({ ...thrown, frames: [frame('elsewhere', false), frame('findUser')] })).toBe(a);
    // The module names the code when given, else the file.
    expect(groupIdOf({ ...thrown, frames: [frame('findUser', true, { module: 'app.users' })] })).not.toBe(
      groupIdOf({ ...thrown, frames: [frame('findUser')] }),
    );
    // The type still counts with frames.
    expect(groupIdOf({ ...thrown, exceptionType: 'RangeError', frames: at('findUser') })).not.toBe(a);
  });

  test('with no in-app frame, the exception type and its parameterised value decide', () => {
    const id = (value: string, frames: GroupingFrame[] = []) =>
      groupIdOf({ ...blank, exceptionType: 'Error', exceptionValue: value, frames });
    expect(id('User 8812 not found')).toBe(id('User 93 not found'));
    expect(id('User 8812 not found', [frame('lib', false)])).toBe(id('User 93 not found'));
    expect(id('order 123e4567-e89b-12d3-a456-426614174000 failed')).toBe(
      id('order 00000000-0000-0000-0000-000000000001 failed'),
    );
    expect(id('connect 10.0.0.1:5432 refused')).toBe(id('connect 192.168.1.20:6543 refused'));
    expect(id("no user 'ann'")).toBe(id("no user 'bob'"));
    expect(id('User 8812 not found')).not.toBe(id('Order 8812 not found'));
  });

  test('otherwise the parameterised message decides', () => {
    expect(groupIdOf({ ...blank, message: 'retry 3 of 5' })).toBe(groupIdOf({ ...blank, message: 'retry 4 of 5' }));
  });

  test("a message groups the same with and without the exception an SDK attaches to it (no type, the message's text)", () => {
    const message = 'Payment 42 declined';
    const plain = groupIdOf({ ...blank, message });
    expect(groupIdOf({ ...blank, message, exceptionValue: message, frames: [frame('pay')] })).toBe(plain);
    // Shortened to the exception value's smaller bound, it is still the same.
    expect(groupIdOf({ ...blank, message, exceptionValue: 'Payment 42' })).toBe(plain);
  });
});

describe('groupTitleOf', () => {
  test.each([
    [
      { ...blank, exceptionType: 'TypeError', exceptionValue: 'x is undefined', message: 'm' },
      'TypeError: x is undefined',
    ],
    [{ ...blank, exceptionType: 'TypeError' }, 'TypeError'],
    [{ ...blank, exceptionValue: 'x is undefined' }, 'x is undefined'],
    [{ ...blank, exceptionValue: 'hello', message: 'hello world' }, 'hello world'],
    [{ ...blank, message: 'User 42 logged in' }, 'User 42 logged in'],
  ])('%# %o → %s', (input, title) => {
    expect(groupTitleOf(input)).toBe(title);
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
    // Changed by issue 16 (was 895ad550cd335d283d544b02f3c8cf28): a quoted string is now a variable
    // part, hashed as ["message","say <quoted>\\n"]. Existing groups keep their ids; see docs/decisions.md.
    ['quotes and a backslash', { ...blank, message: 'say "hi"\\n' }, 'e7f659ff6a4e392927e872a5cdeb6826'],
    // Issue 16's rules, pinned the same way.
    [
      'in-app frames of the exception (lines left out)',
      {
        ...blank,
        exceptionType: 'TypeError',
        exceptionValue: 'x is undefined',
        frames: [
          { module: '', filename: 'node:internal/x', function: 'run', inApp: false },
          { module: 'app.users', filename: '/app/users.js', function: 'findUser', inApp: true },
        ],
      },
      '7b5c42934f1eef05ce75c4c6c375c70e',
    ],
    [
      'an exception value with variable parts',
      { ...blank, exceptionType: 'Error', exceptionValue: 'User 8812 not found' },
      'e4193b3d26b6fe04ec55b28d3121bbf4',
    ],
    [
      'a fingerprint with {{ default }}',
      { ...blank, fingerprint: ['{{ default }}', 'x'], message: 'm' },
      '215085a4c85c18535166ae1414dae178',
    ],
  ])('%s', (_, input, groupId) => {
    expect(groupIdOf(input)).toBe(groupId);
  });
});
