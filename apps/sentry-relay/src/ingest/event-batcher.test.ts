import { StoreOutcome, type Event, type StoreEventsResult } from '@vigil/contracts/ingest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventBatcher, type StoreEvents } from './event-batcher.js';

const event = (eventId: string): Event => ({
  eventId,
  projectId: '1',
  timestamp: undefined,
  level: 0,
  platform: '',
  message: '',
  culprit: '',
  environment: '',
  release: '',
  fingerprint: [],
  tags: {},
  user: undefined,
  exception: undefined,
  causes: [],
});

const stored = (events: Event[]): StoreEventsResult[] =>
  events.map((e, index) => ({
    index,
    outcome: StoreOutcome.STORED,
    eventId: e.eventId,
    groupId: `g-${e.eventId}`,
    policy: 1,
    rejection: undefined,
    normalizations: [],
  }));

describe('createEventBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function batcher(
    options: { maxEvents?: number; maxBytes?: number; maxInFlight?: number; storeEvents?: StoreEvents } = {},
  ) {
    const calls: string[][] = [];
    const storeEvents =
      options.storeEvents ??
      ((events: Event[]) => {
        calls.push(events.map((e) => e.eventId));
        return Promise.resolve(stored(events));
      });
    const instance = createEventBatcher({
      storeEvents,
      windowMs: 5,
      maxEvents: options.maxEvents ?? 100,
      maxBytes: options.maxBytes ?? 1_000_000,
      maxInFlight: options.maxInFlight ?? 10,
      sizeOf: () => 10,
    });
    return { instance, calls };
  }

  it('sends the requests of one window in one call and gives each its own results', async () => {
    const { instance, calls } = batcher();
    const first = instance.store([event('a'), event('b')]);
    const second = instance.store([event('c')]);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(5);
    expect(calls).toEqual([['a', 'b', 'c']]);
    expect((await first).map((r) => r.groupId)).toEqual(['g-a', 'g-b']);
    expect((await second).map((r) => r.groupId)).toEqual(['g-c']);
  });

  it('sends at once when full, and never splits a request across calls', async () => {
    const { instance, calls } = batcher({ maxEvents: 3 });
    void instance.store([event('a'), event('b')]);
    void instance.store([event('c'), event('d')]);
    expect(calls).toEqual([['a', 'b']]);
    void instance.store([event('e')]);
    expect(calls).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });

  it('closes a batch before it would exceed the byte bound', () => {
    const { instance, calls } = batcher({ maxBytes: 25 });
    void instance.store([event('a'), event('b')]);
    void instance.store([event('c')]);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('while the calls in flight are at their bound, the next batch keeps filling and goes when one answers', async () => {
    const answers: (() => void)[] = [];
    const calls: string[][] = [];
    const { instance } = batcher({
      maxInFlight: 1,
      storeEvents: (events) => {
        calls.push(events.map((e) => e.eventId));
        return new Promise((resolve) => answers.push(() => resolve(stored(events))));
      },
    });
    const first = instance.store([event('a')]);
    await vi.advanceTimersByTimeAsync(5);
    const later = [instance.store([event('b')]), instance.store([event('c')])];
    await vi.advanceTimersByTimeAsync(50);
    instance.store([event('d')]).catch(() => undefined);
    expect(calls).toEqual([['a']]);
    answers.shift()?.();
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    answers.shift()?.();
    expect((await Promise.all(later)).map((r) => r[0]?.eventId)).toEqual(['b', 'c']);
  });

  it("rejects every request of a failed call with the call's error", async () => {
    const failure = new Error('ingest down');
    const { instance } = batcher({ storeEvents: () => Promise.reject(failure) });
    const first = instance.store([event('a')]);
    const second = instance.store([event('b')]);
    const settled = Promise.allSettled([first, second]);
    await vi.advanceTimersByTimeAsync(5);
    expect((await settled).map((s) => s.status === 'rejected' && s.reason)).toEqual([failure, failure]);
  });

  it('drain sends what waits and waits for the answers', async () => {
    let answered = false;
    const { instance } = batcher({
      storeEvents: (events) => Promise.resolve(stored(events)).finally(() => (answered = true)),
    });
    const pending = instance.store([event('a')]);
    await instance.drain();
    expect(answered).toBe(true);
    expect(await pending).toHaveLength(1);
  });
});
