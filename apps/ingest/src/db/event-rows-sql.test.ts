import { describe, expect, test } from 'vitest';
import { pgStringLiteral } from './event-rows-sql.js';

describe('pgStringLiteral', () => {
  test('plain text is quoted as is', () => expect(pgStringLiteral('{"a":"b?"}')).toBe(`'{"a":"b?"}'`));

  test('quotes are doubled', () => expect(pgStringLiteral(`it's`)).toBe(`'it''s'`));

  test('backslashes make an E literal with doubled backslashes, quotes still doubled', () => {
    expect(pgStringLiteral(String.raw`{"m":"a\"b's\\c"}`)).toBe(String.raw` E'{"m":"a\\"b''s\\\\c"}'`);
  });
});
