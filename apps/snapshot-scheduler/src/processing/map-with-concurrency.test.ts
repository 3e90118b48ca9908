import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './map-with-concurrency.js';

describe('mapWithConcurrency', () => {
  it('keeps the order of the items and never exceeds the limit', async () => {
    let active = 0;
    let mostActive = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      active += 1;
      mostActive = Math.max(mostActive, active);
      for (let i = 0; i < n; i++) await Promise.resolve();
      active -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(mostActive).toBe(3);
  });

  it('handles no items', async () => {
    expect(await mapWithConcurrency([], 8, async (n: number) => n)).toEqual([]);
  });
});
