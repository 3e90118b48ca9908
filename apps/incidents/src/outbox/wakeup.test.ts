import { describe, expect, it } from 'vitest';
import { Wakeup } from './wakeup.js';

const HOUR = 3_600_000;

describe('Wakeup', () => {
  it('ends a long sleep on notify', async () => {
    const wakeup = new Wakeup();
    const sleeping = wakeup.sleep(HOUR, new AbortController().signal);
    wakeup.notify();
    await expect(sleeping).resolves.toBeUndefined();
  });

  it('keeps a notification given while nobody sleeps, once', async () => {
    const wakeup = new Wakeup();
    wakeup.notify();
    await wakeup.sleep(HOUR, new AbortController().signal);
    let woke = false;
    const second = wakeup.sleep(HOUR, new AbortController().signal).then(() => (woke = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(woke).toBe(false);
    wakeup.notify();
    await second;
  });

  it('ends a sleep when stopped', async () => {
    const wakeup = new Wakeup();
    const stop = new AbortController();
    const sleeping = wakeup.sleep(HOUR, stop.signal);
    stop.abort();
    await expect(sleeping).resolves.toBeUndefined();
  });
});
