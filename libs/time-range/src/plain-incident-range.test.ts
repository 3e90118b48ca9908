import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from './durations.js';
import { plainIncidentRange } from './plain-incident-range.js';

const T0 = Date.UTC(2021, 0, 1);
const at = (ms: number): Date => new Date(ms);

describe('plainIncidentRange', () => {
  const closed = { dateStarted: at(T0 + 10 * HOUR), dateClosed: at(T0 + 12 * HOUR), timeWindowMinutes: 5 };
  const now = at(T0 + 2 * DAY);

  it('spans one window before the start to one window after the close', () => {
    expect(plainIncidentRange(closed, now)).toEqual({
      start: at(T0 + 10 * HOUR - 5 * MINUTE),
      end: at(T0 + 12 * HOUR + 5 * MINUTE),
    });
  });

  it('ends one window after now while the incident is open', () => {
    const open = { ...closed, dateClosed: null };
    expect(plainIncidentRange(open, at(T0 + 11 * HOUR))).toEqual({
      start: at(T0 + 10 * HOUR - 5 * MINUTE),
      end: at(T0 + 11 * HOUR + 5 * MINUTE),
    });
  });

  it('uses a given start and computes the end', () => {
    const start = at(T0);
    expect(plainIncidentRange(closed, now, { start })).toEqual({ start, end: at(T0 + 12 * HOUR + 5 * MINUTE) });
  });

  it('uses a given end and computes the start', () => {
    const end = at(T0 + 20 * HOUR);
    expect(plainIncidentRange(closed, now, { end })).toEqual({ start: at(T0 + 10 * HOUR - 5 * MINUTE), end });
  });

  it('uses both bounds when both are given', () => {
    const given = { start: at(T0 + HOUR), end: at(T0 + 2 * HOUR) };
    expect(plainIncidentRange(closed, now, given)).toEqual(given);
  });

  it('widens by 1 minute and by 10 days at the extremes of the window', () => {
    expect(plainIncidentRange({ ...closed, timeWindowMinutes: 1 }, now)).toEqual({
      start: at(T0 + 10 * HOUR - MINUTE),
      end: at(T0 + 12 * HOUR + MINUTE),
    });
    expect(plainIncidentRange({ ...closed, timeWindowMinutes: 14_400 }, now)).toEqual({
      start: at(T0 + 10 * HOUR - 10 * DAY),
      end: at(T0 + 12 * HOUR + 10 * DAY),
    });
  });

  it.each([0, -5, 2.5])('rejects a window of %s minutes', (timeWindowMinutes) => {
    expect(() => plainIncidentRange({ ...closed, timeWindowMinutes }, now)).toThrow(RangeError);
  });

  it('rejects invalid dates instead of returning Invalid Date', () => {
    expect(() => plainIncidentRange({ ...closed, dateStarted: at(Number.NaN) }, now)).toThrow(/dateStarted/);
    expect(() => plainIncidentRange({ ...closed, dateClosed: null }, at(Number.NaN))).toThrow(/now/);
    expect(() => plainIncidentRange(closed, now, { end: at(Number.NaN) })).toThrow(/given end/);
  });
});
