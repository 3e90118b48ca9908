import { describe, expect, test } from 'vitest';
import { retentionPlan, startOfDayAfter } from './retention-plan.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 28); // 2026-11-28 00:00 UTC

describe('retentionPlan', () => {
  test('keeps the day that holds now − retention, drops the days before it, oldest first', () => {
    const plan = retentionPlan(new Date(T0 + 5 * HOUR), 2, ['2026-11-27', '2026-11-24', '2026-11-26', '2026-11-25']);
    expect(plan.oldestDayKept).toBe('2026-11-26');
    expect(plan.daysToDrop).toEqual(['2026-11-24', '2026-11-25']);
  });

  test('at midnight the day that just became wholly older goes', () => {
    expect(retentionPlan(new Date(T0), 1, ['2026-11-26', '2026-11-27']).daysToDrop).toEqual(['2026-11-26']);
    expect(retentionPlan(new Date(T0 - 1), 1, ['2026-11-26', '2026-11-27']).daysToDrop).toEqual([]);
  });

  test('days ahead and inside the retention are never dropped', () => {
    const plan = retentionPlan(new Date(T0), 90, ['2026-11-28', '2026-11-29', '2026-08-30', '2026-08-29']);
    expect(plan.oldestDayKept).toBe('2026-08-30');
    expect(plan.daysToDrop).toEqual(['2026-08-29']);
  });

  test('no partitions, nothing to drop', () => {
    expect(retentionPlan(new Date(T0 + 3 * DAY), 1, []).daysToDrop).toEqual([]);
  });
});

test('startOfDayAfter', () => {
  expect(startOfDayAfter('2026-12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
});
