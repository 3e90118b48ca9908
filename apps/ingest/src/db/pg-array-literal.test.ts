import { expect, test } from 'vitest';
import { pgArrayLiteral } from './pg-array-literal.js';

test('quotes and escapes every element', () => {
  expect(pgArrayLiteral([])).toBe('{}');
  expect(pgArrayLiteral(['1', 2])).toBe('{"1","2"}');
  expect(pgArrayLiteral(['a,b', 'say "hi"', 'back\\slash', '{x}'])).toBe(
    '{"a,b","say \\"hi\\"","back\\\\slash","{x}"}',
  );
});
