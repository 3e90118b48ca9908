import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { callSignal } from './call-signal.js';
import { CallEndedError } from './domain-errors.js';

function fakeCall(deadline: Date | number) {
  return Object.assign(new EventEmitter(), { getDeadline: () => deadline });
}

describe('callSignal', () => {
  it('aborts when the caller cancels', () => {
    const call = fakeCall(Infinity);
    const { signal } = callSignal(call);
    expect(signal.aborted).toBe(false);
    call.emit('cancelled', 'cancelled');
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(CallEndedError);
  });

  it('aborts when the deadline passes, at once if it already has', async () => {
    expect(callSignal(fakeCall(new Date(Date.now() - 1))).signal.aborted).toBe(true);
    const { signal } = callSignal(fakeCall(Date.now() + 10));
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(String(signal.reason)).toContain("the call's deadline passed");
  });

  it('stops watching once disposed', () => {
    const call = fakeCall(Date.now() + 60_000);
    const watched = callSignal(call);
    watched.dispose();
    call.emit('cancelled', 'cancelled');
    expect(watched.signal.aborted).toBe(false);
    expect(call.listenerCount('cancelled')).toBe(0);
  });
});
