import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it('doubles from 100 ms up to the cap, and never overflows', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, 10_000))).toEqual([
      100, 200, 400, 800, 1600, 3200, 6400, 10_000,
    ]);
    expect(retryDelayMs(10_000, 10_000)).toBe(10_000);
    expect(retryDelayMs(0, 10_000)).toBe(0);
  });
});
