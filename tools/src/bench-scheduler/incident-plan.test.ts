import { describe, expect, test } from 'vitest';
import { planIncidentSet, RULE_WINDOW_MINUTES } from './incident-plan.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2021, 0, 1, 12);
const SETTLE_MS = 10 * RULE_WINDOW_MINUTES * MINUTE;

const plan = (due: boolean) =>
  planIncidentSet({ firstProjectId: 101, count: 3, due, eventsPerIncident: 20, runStart: new Date(T0) });

describe('planIncidentSet', () => {
  test('one project per incident, numbered from the first', () => {
    expect(plan(true).map((i) => i.projectId)).toEqual(['101', '102', '103']);
  });

  test('a due set settled before the run started; a not-due set settles long after it', () => {
    const [due] = plan(true);
    const [notDue] = plan(false);
    expect(due?.closedAt.getTime()).toBe(T0 - 2 * HOUR);
    expect((due?.closedAt.getTime() ?? 0) + SETTLE_MS).toBeLessThan(T0);
    expect(notDue?.closedAt.getTime()).toBe(T0);
    expect((notDue?.closedAt.getTime() ?? 0) + SETTLE_MS).toBe(T0 + 100 * MINUTE);
  });

  test('both sets have the same shape: one hour, the same event offsets', () => {
    const shape = (i: { startedAt: Date; closedAt: Date; eventTimes: readonly Date[] }) => ({
      duration: i.closedAt.getTime() - i.startedAt.getTime(),
      offsets: i.eventTimes.map((t) => t.getTime() - i.startedAt.getTime()),
    });
    const [due] = plan(true);
    const [notDue] = plan(false);
    expect(due && shape(due)).toEqual(notDue && shape(notDue));
    expect(due && shape(due).duration).toBe(HOUR);
  });

  test('events are spread evenly inside [started, closed)', () => {
    const [incident] = plan(true);
    const times = incident?.eventTimes.map((t) => t.getTime()) ?? [];
    expect(times).toHaveLength(20);
    expect(times[0]).toBe(T0 - 3 * HOUR + 1.5 * MINUTE);
    expect(times.every((t) => t >= T0 - 3 * HOUR && t < T0 - 2 * HOUR)).toBe(true);
    expect(new Set(times.slice(1).map((t, k) => t - (times[k] ?? 0)))).toEqual(new Set([3 * MINUTE]));
  });
});
