// The four worked examples of behaviour.md §4, verbatim, with the clock
// frozen at the instant each one names.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from './durations.js';
import { incidentTimeWindowMs } from './incident-time-window.js';
import { pendingSnapshotRunDate } from './pending-snapshot-run-date.js';
import { plainIncidentRange } from './plain-incident-range.js';
import { windowedIncidentRange } from './windowed-incident-range.js';

const T0 = Date.UTC(2021, 0, 1); // day 0, 00:00 UTC
const at = (ms: number): Date => new Date(ms);

describe('behaviour.md §4 worked examples', () => {
  it('1. no rule (tw 1 min), started 10:00, closed 10:05: pending at 10:15; run at 11:00', () => {
    const incident = {
      dateStarted: at(T0 + 10 * HOUR),
      dateClosed: at(T0 + 10 * HOUR + 5 * MINUTE),
      timeWindowMinutes: incidentTimeWindowMs(null) / MINUTE,
    };
    expect(incident.timeWindowMinutes).toBe(1);
    expect(pendingSnapshotRunDate(incident, at(T0 + 10 * HOUR + 5 * MINUTE))).toEqual(at(T0 + 10 * HOUR + 15 * MINUTE));

    const now = at(T0 + 11 * HOUR);
    const graph = windowedIncidentRange(incident, now);
    // windowed end = min(11:00, 10:15) = 10:15, start = 06:55
    expect(graph).toEqual({ start: at(T0 + 6 * HOUR + 55 * MINUTE), end: at(T0 + 10 * HOUR + 15 * MINUTE) });
    expect((graph.end.getTime() - graph.start.getTime()) / MINUTE).toBe(200);

    expect(plainIncidentRange(incident, now)).toEqual({
      start: at(T0 + 9 * HOUR + 59 * MINUTE),
      end: at(T0 + 10 * HOUR + 6 * MINUTE),
    });
  });

  it('2. tw 60 min, started 00:00, closed 06:00: pending at 16:00; graph [16:00 − 200 h, 16:00]', () => {
    const incident = { dateStarted: at(T0), dateClosed: at(T0 + 6 * HOUR), timeWindowMinutes: 60 };
    const runDate = pendingSnapshotRunDate(incident, at(T0 + 6 * HOUR));
    expect(runDate).toEqual(at(T0 + 16 * HOUR));

    const expected = { start: at(T0 + 16 * HOUR - 200 * HOUR), end: at(T0 + 16 * HOUR) };
    // At the run date itself, and later: a late run draws the same graph.
    expect(windowedIncidentRange(incident, runDate)).toEqual(expected);
    expect(windowedIncidentRange(incident, at(T0 + 3 * DAY))).toEqual(expected);
  });

  it('3. tw 5 min, started day 1 00:00, closed day 1 12:00, run day 1 13:00: graph [day 0 15:35, day 1 08:15]', () => {
    const day1 = T0 + DAY;
    const incident = { dateStarted: at(day1), dateClosed: at(day1 + 12 * HOUR), timeWindowMinutes: 5 };
    // s = day 0 23:55; s + 100 windows = day 1 08:15 is not after 13:00, so no cap.
    expect(windowedIncidentRange(incident, at(day1 + 13 * HOUR))).toEqual({
      start: at(T0 + 15 * HOUR + 35 * MINUTE),
      end: at(day1 + 8 * HOUR + 15 * MINUTE),
    });
  });

  describe('4. date_closed = T − 11 days, date_started = T', () => {
    const T = T0 + 30 * DAY;
    const times = { dateStarted: at(T), dateClosed: at(T - 11 * DAY) };

    it('tw 1500 min: end = date_closed + 10 days (the 10-day cap)', () => {
      const graph = windowedIncidentRange({ ...times, timeWindowMinutes: 1500 }, at(T));
      expect(graph.end).toEqual(at(T - 11 * DAY + 10 * DAY));
      expect(graph.start).toEqual(at(T - 11 * DAY + 10 * DAY - 200 * 1500 * MINUTE));
    });

    it('tw 10 min: end = date_closed + 100 min (the 10-window cap)', () => {
      const graph = windowedIncidentRange({ ...times, timeWindowMinutes: 10 }, at(T));
      expect(graph.end).toEqual(at(T - 11 * DAY + 100 * MINUTE));
      expect(graph.start).toEqual(at(T - 11 * DAY + 100 * MINUTE - 200 * 10 * MINUTE));
    });
  });
});
