import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from './durations.js';
import { SNAPSHOT_DATA_POINTS, windowedIncidentRange } from './windowed-incident-range.js';

const T0 = Date.UTC(2021, 0, 1);
const at = (ms: number): Date => new Date(ms);

describe('windowedIncidentRange', () => {
  it('shows 200 data points', () => {
    expect(SNAPSHOT_DATA_POINTS).toBe(200);
  });

  it('centres 200 windows on the plain start when that ends before now (no cap)', () => {
    // tw 1 min, started 10:00, closed 10:05, drawn next day: s = 09:59 and s + 100 min = 11:39 is
    // before now, so the graph ends at 11:39 although the snapshot's run date (10:15) is earlier.
    const incident = {
      dateStarted: at(T0 + 10 * HOUR),
      dateClosed: at(T0 + 10 * HOUR + 5 * MINUTE),
      timeWindowMinutes: 1,
    };
    expect(windowedIncidentRange(incident, at(T0 + DAY))).toEqual({
      start: at(T0 + 8 * HOUR + 19 * MINUTE),
      end: at(T0 + 11 * HOUR + 39 * MINUTE),
    });
  });

  it('keeps the centred range when it ends exactly at now', () => {
    const incident = { dateStarted: at(T0 + 10 * HOUR), dateClosed: at(T0 + 10 * HOUR), timeWindowMinutes: 1 };
    const now = at(T0 + 11 * HOUR + 39 * MINUTE);
    expect(windowedIncidentRange(incident, now)).toEqual({ start: at(T0 + 8 * HOUR + 19 * MINUTE), end: now });
  });

  it('ends at now for an open incident whose centred range would reach past now', () => {
    const incident = { dateStarted: at(T0 + 10 * HOUR), dateClosed: null, timeWindowMinutes: 5 };
    const now = at(T0 + 11 * HOUR);
    expect(windowedIncidentRange(incident, now)).toEqual({ start: at(T0 + 11 * HOUR - 1000 * MINUTE), end: now });
  });

  it('ends at now when now comes before the run date of a closed incident', () => {
    const incident = { dateStarted: at(T0 + 10 * HOUR), dateClosed: at(T0 + 11 * HOUR), timeWindowMinutes: 5 };
    const now = at(T0 + 11 * HOUR + 20 * MINUTE); // run date is 11:50
    expect(windowedIncidentRange(incident, now)).toEqual({
      start: at(T0 + 11 * HOUR + 20 * MINUTE - 1000 * MINUTE),
      end: now,
    });
  });

  it('ends at the 10-window cap, not at now, when drawn an hour after the close', () => {
    // s + 100 windows = 18:15 is after now (12:00); the run date 11:50 comes before now.
    const incident = { dateStarted: at(T0 + 10 * HOUR), dateClosed: at(T0 + 11 * HOUR), timeWindowMinutes: 5 };
    const graph = windowedIncidentRange(incident, at(T0 + 10 * HOUR + 2 * HOUR));
    expect(graph.end).toEqual(at(T0 + 11 * HOUR + 50 * MINUTE));
  });

  it('ends at the 10-day cap for a 10-day window (14 400 min)', () => {
    const closedAt = T0 + 30 * DAY;
    const incident = { dateStarted: at(T0 + 29 * DAY), dateClosed: at(closedAt), timeWindowMinutes: 14_400 };
    expect(windowedIncidentRange(incident, at(closedAt + 365 * DAY))).toEqual({
      start: at(closedAt + 10 * DAY - 200 * 10 * DAY),
      end: at(closedAt + 10 * DAY),
    });
  });

  it('centres on a given start instead of date_started − tw', () => {
    const incident = { dateStarted: at(T0 + 10 * HOUR), dateClosed: at(T0 + 11 * HOUR), timeWindowMinutes: 1 };
    const start = at(T0 + 2 * HOUR);
    expect(windowedIncidentRange(incident, at(T0 + DAY), { start })).toEqual({
      start: at(T0 + 2 * HOUR - 100 * MINUTE),
      end: at(T0 + 2 * HOUR + 100 * MINUTE),
    });
  });

  it('caps a range centred on a given start like any other', () => {
    const incident = { dateStarted: at(T0 + 10 * HOUR), dateClosed: at(T0 + 11 * HOUR), timeWindowMinutes: 1 };
    // s = 11:00 and s + 100 min = 12:40 is after now (12:00): capped at the run date 11:10.
    const graph = windowedIncidentRange(incident, at(T0 + 12 * HOUR), { start: at(T0 + 11 * HOUR) });
    const runDate = T0 + 11 * HOUR + 10 * MINUTE;
    expect(graph).toEqual({ start: at(runDate - 200 * MINUTE), end: at(runDate) });
  });

  it('rejects a window that is not a whole number of minutes ≥ 1, and invalid dates', () => {
    const incident = { dateStarted: at(T0), dateClosed: at(T0 + HOUR), timeWindowMinutes: 1 };
    expect(() => windowedIncidentRange({ ...incident, timeWindowMinutes: 0 }, at(T0))).toThrow(RangeError);
    expect(() => windowedIncidentRange({ ...incident, timeWindowMinutes: 1.25 }, at(T0))).toThrow(RangeError);
    expect(() => windowedIncidentRange(incident, at(Number.NaN))).toThrow(/now/);
  });
});
