import { describe, expect, test } from 'vitest';
import { percentile } from './percentile.js';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

  test('nearest rank over 1 … 100', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  test('a small sample rounds the rank up', () => {
    expect(percentile([30, 10, 20], 50)).toBe(20);
    expect(percentile([30, 10, 20], 95)).toBe(30);
    expect(percentile([7], 1)).toBe(7);
  });

  test('no values is an error, not NaN', () => {
    expect(() => percentile([], 50)).toThrow('no values');
  });
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

  test('nearest rank over 1 … 100', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
  });

  test('rounds the rank up: p50 of four values is the second', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
  });

  test('a single value is every percentile', () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  test('no values is an error', () => {
    expect(() => percentile([], 50)).toThrow();
  });
});
