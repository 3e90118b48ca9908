import { describe, expect, test } from 'vitest';
import { forEachInFlight } from './in-flight.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachInFlight', () => {
  test('every item once, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachInFlight([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await tick();
      seen.push(item);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  test('the first failure rejects and no new item starts after it', async () => {
    const started: number[] = [];
    const run = forEachInFlight([1, 2, 3, 4, 5], 1, async (item) => {
      started.push(item);
      if (item === 2) throw new Error('boom 2');
    });
    await expect(run).rejects.toThrow('boom 2');
    expect(started).toEqual([1, 2]);
  });

  test('no items: resolves without calling work', async () => {
    let calls = 0;
    await forEachInFlight([], 4, async () => void calls++);
    expect(calls).toBe(0);
  });
});
