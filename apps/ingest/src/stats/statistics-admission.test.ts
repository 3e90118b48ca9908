import { ResourceExhaustedError } from '@vigil/runtime';
import { describe, expect, test } from 'vitest';
import { createStatisticsAdmission, type AdmissionOptions } from './statistics-admission.js';

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

/** An admission with writes idle unless the options say otherwise. */
const admissionOf = (limit: number, waitMs: number, more: Partial<AdmissionOptions> = {}) =>
  createStatisticsAdmission({ limit, waitMs, eventScanShare: 0.1, writeBusyShare: () => 0, ...more });

describe('createStatisticsAdmission: connections', () => {
  test('runs at most `limit` at once; a freed slot goes to the first waiter', async () => {
    const slots = admissionOf(2, 60_000);
    const [a, b, c, d] = [heldWork(), heldWork(), heldWork(), heldWork()];
    const results = [a, b, c, d].map((w) => slots.run(open(), 'counters', w.work));
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
    const slots = admissionOf(1, 20);
    const held = heldWork();
    const first = slots.run(open(), 'counters', held.work);
    const waiter = heldWork();
    const refused = slots.run(open(), 'counters', waiter.work);
    await expect(refused).rejects.toBeInstanceOf(ResourceExhaustedError);
    await expect(refused).rejects.toMatchObject({ reason: 'STATISTICS_BUSY' });
    expect(waiter.state.started).toBe(false);
    held.finish();
    await first;
    // The one who gave up left the queue: the next call gets the slot at once.
    const next = heldWork();
    const third = slots.run(open(), 'counters', next.work);
    await Promise.resolve();
    expect(next.state.started).toBe(true);
    next.finish();
    await third;
  });

  test('a waiter whose call ends leaves with the call’s reason', async () => {
    const slots = admissionOf(1, 60_000);
    const held = heldWork();
    const first = slots.run(open(), 'counters', held.work);
    const call = new AbortController();
    const waiting = slots.run(call.signal, 'counters', heldWork().work);
    const ended = new Error('the caller cancelled the call');
    call.abort(ended);
    await expect(waiting).rejects.toBe(ended);
    held.finish();
    await first;
  });

  test('a failing work gives its slot back', async () => {
    const slots = admissionOf(1, 60_000);
    await expect(slots.run(open(), 'counters', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.run(open(), 'counters', () => Promise.resolve(1))).resolves.toBe(1);
  });
});

describe('createStatisticsAdmission: cores, while writes keep the database busy', () => {
  /** A clock the test moves, and a write pressure it sets. */
  function busyWrites() {
    const state = { nowMs: 0, busyShare: 1 };
    const options = { now: () => state.nowMs, writeBusyShare: () => state.busyShare };
    return { state, options };
  }
  const turn = () => new Promise((resolve) => setImmediate(resolve));

  test('statistics reading events run one at a time, then wait until their share of the time is repaid', async () => {
    const { state, options } = busyWrites();
    const admission = admissionOf(2, 60_000, { ...options, eventScanShare: 0.2 });
    const [a, b] = [heldWork(), heldWork()];
    const first = admission.run(open(), 'events', a.work);
    const second = admission.run(open(), 'events', b.work);
    await turn();
    expect([a.state.started, b.state.started]).toEqual([true, false]);
    state.nowMs = 1_000; // a ran for 1 s: at 20%, the next may start 4 s after it ended
    a.finish();
    await first;
    state.nowMs = 4_900;
    await new Promise((resolve) => setTimeout(resolve, 60)); // past a recheck
    expect(b.state.started).toBe(false);
    state.nowMs = 5_000;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(b.state.started).toBe(true);
    b.finish();
    await second;
  });

  test('counter reads are admitted beside a held-back event read, and a waiting event read does not block them', async () => {
    const { state, options } = busyWrites();
    const admission = admissionOf(3, 60_000, options);
    const [scan, waitingScan, counters] = [heldWork(), heldWork(), heldWork()];
    const waitingCall = new AbortController();
    const runs = [
      admission.run(open(), 'events', scan.work),
      admission.run(waitingCall.signal, 'events', waitingScan.work),
      admission.run(open(), 'counters', counters.work),
    ];
    await turn();
    expect([scan.state.started, waitingScan.state.started, counters.state.started]).toEqual([true, false, true]);
    state.nowMs = 1_000;
    for (const w of [scan, counters]) w.finish();
    await Promise.all([runs[0], runs[2]]);
    // The first event read's time is still owed back.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(waitingScan.state.started).toBe(false);
    waitingCall.abort(new Error('the caller gave up'));
    await expect(runs[1]).rejects.toThrow('the caller gave up');
  });

  test('when writes ease, waiting event reads start at once, up to the limit', async () => {
    const { state, options } = busyWrites();
    const admission = admissionOf(2, 60_000, options);
    const [a, b, c] = [heldWork(), heldWork(), heldWork()];
    const runs = [a, b, c].map((w) => admission.run(open(), 'events', w.work));
    await turn();
    expect([a, b, c].map((w) => w.state.started)).toEqual([true, false, false]);
    state.busyShare = 0.2;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect([a, b, c].map((w) => w.state.started)).toEqual([true, true, false]);
    a.finish();
    await runs[0];
    await turn();
    expect(c.state.started).toBe(true);
    for (const w of [b, c]) w.finish();
    await Promise.all(runs);
  });

  test('an event read held back past waitMs is refused with STATISTICS_BUSY, naming the share', async () => {
    const { options } = busyWrites();
    const decisions: string[] = [];
    const admission = admissionOf(2, 30, {
      ...options,
      onDecision: (cost, decision) => decisions.push(`${cost} ${decision}`),
    });
    const held = heldWork();
    const first = admission.run(open(), 'events', held.work);
    const refused = admission.run(open(), 'events', heldWork().work);
    await expect(refused).rejects.toMatchObject({ reason: 'STATISTICS_BUSY' });
    await expect(refused).rejects.toThrow(/STATS_EVENT_SCAN_SHARE_PERCENT/);
    held.finish();
    await first;
    expect(decisions).toEqual(['events admitted', 'events refused']);
  });
});
