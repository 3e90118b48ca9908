import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { startRetentionSchedule } from './retention-schedule.js';
import type { RetentionRun } from './run-retention.js';

const T0 = Date.UTC(2026, 10, 28);
const RUN: RetentionRun = { ran: true, oldestDayKept: '2026-08-30', days: [], leftoverTables: [] };
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
};

describe('startRetentionSchedule', () => {
  test('runs at start with the clock it is given, records each run, and runs again after the interval', async () => {
    const runs: number[] = [];
    const recorded: RetentionRun[] = [];
    const schedule = startRetentionSchedule({
      run: async (now) => {
        runs.push(now.getTime());
        return RUN;
      },
      intervalMs: 5,
      now: () => new Date(T0),
      record: (run) => recorded.push(run),
      logger: pino({ level: 'silent' }),
    });
    await until(() => runs.length >= 2);
    await schedule.stop();
    expect(runs.slice(0, 2)).toEqual([T0, T0]);
    expect(recorded.length).toBeGreaterThanOrEqual(2);
  });

  test('a failed run is not recorded and does not stop the schedule', async () => {
    let calls = 0;
    const recorded: RetentionRun[] = [];
    const schedule = startRetentionSchedule({
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database unavailable');
        return RUN;
      },
      intervalMs: 5,
      now: () => new Date(T0),
      record: (run) => recorded.push(run),
      logger: pino({ level: 'silent' }),
    });
    await until(() => recorded.length >= 1);
    await schedule.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  test('stop waits for the run in progress and no run starts after it', async () => {
    let release!: () => void;
    let finished = false;
    let calls = 0;
    const schedule = startRetentionSchedule({
      run: async () => {
        calls += 1;
        await new Promise<void>((r) => (release = r));
        finished = true;
        return RUN;
      },
      intervalMs: 1,
      now: () => new Date(T0),
      record: () => undefined,
      logger: pino({ level: 'silent' }),
    });
    await until(() => calls === 1);
    const stopping = schedule.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(1);
  });
});
