import { ResourceExhaustedError } from '@vigil/runtime';
import { describe, expect, test } from 'vitest';
import { createStatisticsSlots } from './statistics-slots.js';

const open = () => new AbortController().signal;

/** Work that runs until `finish()` is called; `started` tells whether it began. */
function heldWork() {
  let finish = (): void => undefined;
  const state = { started: false };
  const work = () => {
    state.started = true;
    return new Promise<string>((resolve) => (finish = () => resolve('done')));
  };
  return { work, state, finish: () => finish() };
}

describe('createStatisticsSlots', () => {
  test('runs at most `limit` at once; a freed slot goes to the first waiter', async () => {
    const slots = createStatisticsSlots(2, 60_000);
    const [a, b, c, d] = [heldWork(), heldWork(), heldWork(), heldWork()];
    const results = [a, b, c, d].map((w) => slots.run(open(), w.work));
    await Promise.resolve();
    expect([a, b, c, d].map((w) => w.state.started)).toEqual([true, true, false, false]);
    a.finish();
    await results[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect([c, d].map((w) => w.state.started)).toEqual([true, false]);
    b.finish();
    c.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(d.state.started).toBe(true);
    d.finish();
    await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done', 'done']);
  });

  test('a waiter gives up after waitMs with RESOURCE_EXHAUSTED, STATISTICS_BUSY', async () => {
    const slots = createStatisticsSlots(1, 20);
    const held = heldWork();
    const first = slots.run(open(), held.work);
    const waiter = heldWork();
    const refused = slots.run(open(), waiter.work);
    await expect(refused).rejects.toBeInstanceOf(ResourceExhaustedError);
    await expect(refused).rejects.toMatchObject({ reason: 'STATISTICS_BUSY' });
    expect(waiter.state.started).toBe(false);
    held.finish();
    await first;
    // The one who gave up left the queue: the next call gets the slot at once.
    const next = heldWork();
    const third = slots.run(open(), next.work);
    await Promise.resolve();
    expect(next.state.started).toBe(true);
    next.finish();
    await third;
  });

  test('a waiter whose call ends leaves with the call’s reason', async () => {
    const slots = createStatisticsSlots(1, 60_000);
    const held = heldWork();
    const first = slots.run(open(), held.work);
    const call = new AbortController();
    const waiting = slots.run(call.signal, heldWork().work);
    const ended = new Error('the caller cancelled the call');
    call.abort(ended);
    await expect(waiting).rejects.toBe(ended);
    held.finish();
    await first;
  });

  test('a failing work gives its slot back', async () => {
    const slots = createStatisticsSlots(1, 60_000);
    await expect(slots.run(open(), () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(open(), () => Promise.resolve(1))).resolves.toBe(1);
  });
});
