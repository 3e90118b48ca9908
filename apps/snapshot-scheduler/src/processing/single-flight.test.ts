import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('singleFlight', () => {
  it('never runs twice at once: a call during a run gets a run of its own after it', async () => {
    const runs: ReturnType<typeof deferred<number>>[] = [];
    let active = 0;
    let mostActive = 0;
    const run = singleFlight(async () => {
      active += 1;
      mostActive = Math.max(mostActive, active);
      const gate = deferred<number>();
      runs.push(gate);
      try {
        return await gate.promise;
      } finally {
        active -= 1;
      }
    });

    const first = run();
    const second = run();
    const third = run();
    expect(runs).toHaveLength(1);
    runs[0]?.resolve(1);
    expect(await first).toBe(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toHaveLength(2);
    runs[1]?.resolve(2);
    expect(await second).toBe(2);
    expect(await third).toBe(2); // shared the follow-up run
    expect(mostActive).toBe(1);
  });

  it('starts the follow-up run even when the first one failed', async () => {
    let calls = 0;
    const gate = deferred<string>();
    const run = singleFlight(() => (++calls === 1 ? gate.promise : Promise.resolve('second')));
    const first = run();
    const second = run();
    gate.reject(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    expect(await second).toBe('second');
  });

  it('starts afresh once idle', async () => {
    let calls = 0;
    const run = singleFlight(async () => ++calls);
    expect(await run()).toBe(1);
    expect(await run()).toBe(2);
  });
});
