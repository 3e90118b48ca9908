import { describe, expect, it } from 'vitest';
import { describeQueryError } from './describe-query-error.js';
import { QueryError } from './query-error.js';
import { parseQuery } from './parse-query.js';

function describeFailure(text: string): string {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QueryError) return describeQueryError(text, error);
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('describeQueryError', () => {
  it('puts a caret under the bad value', () => {
    expect(describeFailure('level:bogus')).toBe('level:bogus\n      ^');
  });

  it('puts a caret under the bad term among others', () => {
    expect(describeFailure('level:error hello')).toBe('level:error hello\n            ^');
  });

  it('shows tabs and newlines as spaces so the caret stays aligned', () => {
    expect(describeFailure('a:b\n\tc:"x')).toBe('a:b  c:"x\n       ^');
  });

  it('counts a character outside the BMP as one column', () => {
    expect(describeFailure('a:😀 b:"x')).toBe('a:😀 b:"x\n      ^');
  });

  it('clips a long query around the position', () => {
    const text = `a:${'x'.repeat(100)} level:nope ${'y'.repeat(100)}`;
    const [line, caret] = describeFailure(text).split('\n');
    expect(line).toBe(`…${'x'.repeat(53)} level:nope ${'y'.repeat(15)}…`);
    expect(caret).toBe(`${' '.repeat(61)}^`);
  });

  it('points just past the end when the query is too long', () => {
    const text = 'x'.repeat(2_001);
    expect(describeFailure(text)).toBe(`…${'x'.repeat(60)}x\n${' '.repeat(61)}^`);
  });
});
