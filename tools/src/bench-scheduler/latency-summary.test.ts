import { describe, expect, test } from 'vitest';
import { percentile, summarizeLatencies } from './latency-summary.js';

describe('percentile', () => {
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

describe('summarizeLatencies', () => {
  test('count, p50, p95, p99 and max', () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(summarizeLatencies(values)).toEqual({ count: 200, p50: 100, p95: 190, p99: 198, max: 200 });
  });
});
