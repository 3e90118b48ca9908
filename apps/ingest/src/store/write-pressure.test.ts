import { describe, expect, test } from 'vitest';
import { createWritePressure } from './write-pressure.js';

/** A write the test ends by hand. */
function heldWrite() {
  let end = (): void => undefined;
  const write = () => new Promise<void>((resolve) => (end = resolve));
  return { write, end: () => end() };
}

describe('createWritePressure', () => {
  test('counts the share of the last second during which any write was in flight', async () => {
    let nowMs = 10_000;
    const pressure = createWritePressure(() => nowMs);
    expect(pressure.busyShare()).toBe(0);
    // Two overlapping writes over [10,000, 10,500): busy half of the window.
    const [a, b] = [heldWrite(), heldWrite()];
    const first = pressure.during(a.write);
    nowMs = 10_200;
    const second = pressure.during(b.write);
    nowMs = 10_300;
    a.end();
    await first;
    nowMs = 10_500;
    b.end();
    await second;
    nowMs = 11_000;
    expect(pressure.busyShare()).toBeCloseTo(0.5, 5);
    // A second later the window has moved past them.
    nowMs = 12_100;
    expect(pressure.busyShare()).toBe(0);
  });

  test('a write still in flight counts up to now', () => {
    let nowMs = 50_000;
    const pressure = createWritePressure(() => nowMs);
    const w = heldWrite();
    const writing = pressure.during(w.write);
    nowMs = 51_000;
    expect(pressure.busyShare()).toBeCloseTo(1, 5);
    nowMs = 53_000;
    expect(pressure.busyShare()).toBeCloseTo(1, 5);
    w.end();
    return writing;
  });

  test('a failing write stops counting too', async () => {
    let nowMs = 0;
    const pressure = createWritePressure(() => nowMs);
    await expect(
      pressure.during(() => {
        nowMs = 300;
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    nowMs = 1_000;
    expect(pressure.busyShare()).toBeCloseTo(0.3, 5);
  });
});
