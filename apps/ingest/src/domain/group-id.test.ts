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
