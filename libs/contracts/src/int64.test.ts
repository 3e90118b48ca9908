import { expect, test } from 'vitest';
import { isPositiveInt64 } from './int64.js';

test('accepts canonical positive int64 decimals up to 2^63 − 1', () => {
  for (const ok of ['1', '42', '9223372036854775807']) expect(isPositiveInt64(ok)).toBe(true);
});

test('refuses zero, signs, leading zeros, overflow and anything else', () => {
  for (const bad of ['', '0', '-1', '+1', '007', '9223372036854775808', '99999999999999999999', '1.0', ' 1', 'abc']) {
    expect(isPositiveInt64(bad)).toBe(false);
  }
});
