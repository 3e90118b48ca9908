import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from './durations.js';
import { incidentTimeWindowMs } from './incident-time-window.js';

describe('incidentTimeWindowMs', () => {
  it('is 1 minute for an incident without a rule', () => {
    expect(incidentTimeWindowMs(null)).toBe(MINUTE);
    expect(incidentTimeWindowMs(undefined)).toBe(MINUTE);
  });

  it("is the rule's window", () => {
    expect(incidentTimeWindowMs(1)).toBe(MINUTE);
    expect(incidentTimeWindowMs(5)).toBe(5 * MINUTE);
    expect(incidentTimeWindowMs(14_400)).toBe(10 * DAY);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects a rule window of %s minutes', (minutes) => {
    expect(() => incidentTimeWindowMs(minutes)).toThrow(RangeError);
    expect(() => incidentTimeWindowMs(minutes)).toThrow(/whole number of minutes ≥ 1/);
  });
});
