import { describe, expect, test } from 'vitest';
import { summarizeLatencies } from './latency-summary.js';

describe('summarizeLatencies', () => {
  test('count, p50, p95, p99 and max', () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(summarizeLatencies(values)).toEqual({ count: 200, p50: 100, p95: 190, p99: 198, max: 200 });
  });
});
