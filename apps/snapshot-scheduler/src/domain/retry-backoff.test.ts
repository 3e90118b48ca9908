import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-backoff.js';

const SECOND = 1000;
const policy = { baseMs: 30 * SECOND, maxMs: 60 * 60 * SECOND };

describe('retryDelayMs', () => {
  it('waits the base after the first failure and doubles after each further one', () => {
    expect([1, 2, 3, 4].map((failures) => retryDelayMs(failures, policy))).toEqual([
      30 * SECOND,
      60 * SECOND,
      120 * SECOND,
      240 * SECOND,
    ]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(retryDelayMs(8, policy)).toBe(60 * 60 * SECOND); // 30 s × 128 = 64 min > 60 min
    expect(retryDelayMs(10_000, policy)).toBe(60 * 60 * SECOND);
  });

  it('refuses a count that is not a failure', () => {
    expect(() => retryDelayMs(0, policy)).toThrow(RangeError);
    expect(() => retryDelayMs(1.5, policy)).toThrow(RangeError);
  });
});
