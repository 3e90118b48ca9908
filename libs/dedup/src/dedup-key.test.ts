import { describe, expect, it } from 'vitest';
import { dedupKey, dedupKeyString } from './dedup-key.js';

const EVENT = '0123456789abcdef0123456789abcdef';
const NOON = new Date('2024-02-29T12:00:00Z');

describe('dedupKey', () => {
  it('holds the project, the event id and the UTC day', () => {
    expect(dedupKey('42', EVENT, NOON)).toEqual({ projectId: '42', eventId: EVENT, day: '2024-02-29' });
  });

  it('gives one key to copies on the same UTC day, whatever the time or written offset', () => {
    const a = dedupKey('42', EVENT, new Date('2024-02-29T00:00:00.000Z'));
    const b = dedupKey('42', EVENT, new Date('2024-03-01T01:59:59.999+02:00'));
    expect(dedupKeyString(a)).toBe(dedupKeyString(b));
  });

  it('separates the same id across midnight UTC', () => {
    const before = dedupKey('42', EVENT, new Date('2024-02-29T23:59:59.999Z'));
    const after = dedupKey('42', EVENT, new Date('2024-03-01T00:00:00.000Z'));
    expect(dedupKeyString(before)).not.toBe(dedupKeyString(after));
  });

  it('separates the same id in two projects', () => {
    expect(dedupKeyString(dedupKey('1', EVENT, NOON))).not.toBe(dedupKeyString(dedupKey('2', EVENT, NOON)));
    // Concatenation must not let project 12 + id "3…" collide with project 1 + id "23…".
    expect(dedupKeyString(dedupKey('12', `3${EVENT.slice(1)}`, NOON))).not.toBe(
      dedupKeyString(dedupKey('1', `23${EVENT.slice(2)}`, NOON)),
    );
  });

  it('has a readable string form', () => {
    expect(dedupKeyString(dedupKey('42', EVENT, NOON))).toBe(`42:${EVENT}:2024-02-29`);
  });

  it('accepts the largest int64 project id', () => {
    expect(dedupKey('9223372036854775807', EVENT, NOON).projectId).toBe('9223372036854775807');
  });

  it.each(['', '0', '007', '-1', '+1', '1.0', ' 1', '1e3', '9223372036854775808', '99999999999999999999'])(
    'rejects the project id %j, which is not a canonical positive int64',
    (projectId) => {
      expect(() => dedupKey(projectId, EVENT, NOON)).toThrow(RangeError);
    },
  );

  it.each([
    ['upper case', EVENT.toUpperCase()],
    ['the dashed form', '01234567-89ab-cdef-0123-456789abcdef'],
    ['31 digits', EVENT.slice(1)],
  ])('rejects an event id in %s: it must be parsed first', (_form, eventId) => {
    expect(() => dedupKey('42', eventId, NOON)).toThrow(/32 lowercase hex digits/);
  });

  it('rejects an invalid timestamp', () => {
    expect(() => dedupKey('42', EVENT, new Date(Number.NaN))).toThrow(RangeError);
  });
});
