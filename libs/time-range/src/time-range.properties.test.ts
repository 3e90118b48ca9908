// Properties that hold for every incident, window and clock, not only for
// the chosen examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from './durations.js';
import { pendingSnapshotRunDate } from './pending-snapshot-run-date.js';
import { plainIncidentRange } from './plain-incident-range.js';
import { SNAPSHOT_DATA_POINTS, windowedIncidentRange } from './windowed-incident-range.js';

const T0 = Date.UTC(2021, 0, 1);

// An incident within a few years of T0, closed (or not) some time after it
// started, drawn at any time from before its start to a year after its close.
const scenario = fc
  .record({
    startedMs: fc.integer({ min: 0, max: 3 * 365 * DAY }),
    closedAfterMs: fc.option(fc.integer({ min: 0, max: 30 * DAY }), { nil: null }),
    nowAfterStartMs: fc.integer({ min: -DAY, max: 400 * DAY }),
    timeWindowMinutes: fc.integer({ min: 1, max: 14_400 }),
  })
  .map(({ startedMs, closedAfterMs, nowAfterStartMs, timeWindowMinutes }) => ({
    incident: {
      dateStarted: new Date(T0 + startedMs),
      dateClosed: closedAfterMs === null ? null : new Date(T0 + startedMs + closedAfterMs),
      timeWindowMinutes,
    },
    now: new Date(T0 + startedMs + nowAfterStartMs),
  }));

describe('time range properties', () => {
  it('the graph always spans exactly SNAPSHOT_DATA_POINTS windows', () => {
    fc.assert(
      fc.property(scenario, ({ incident, now }) => {
        const { start, end } = windowedIncidentRange(incident, now);
        expect(end.getTime() - start.getTime()).toBe(SNAPSHOT_DATA_POINTS * incident.timeWindowMinutes * MINUTE);
      }),
    );
  });

  it('the graph never ends after now, nor after the snapshot run date unless centred there', () => {
    fc.assert(
      fc.property(scenario, ({ incident, now }) => {
        const { end } = windowedIncidentRange(incident, now);
        const plainStart = plainIncidentRange(incident, now).start.getTime();
        const centredEnd = plainStart + 100 * incident.timeWindowMinutes * MINUTE;
        expect(end.getTime()).toBeLessThanOrEqual(now.getTime());
        if (end.getTime() !== centredEnd) {
          expect(end.getTime()).toBeLessThanOrEqual(pendingSnapshotRunDate(incident, now).getTime());
        }
      }),
    );
  });

  it('the snapshot waits min(10 windows, 10 days) after the current end', () => {
    fc.assert(
      fc.property(scenario, ({ incident, now }) => {
        const currentEnd = (incident.dateClosed ?? now).getTime();
        const wait = pendingSnapshotRunDate(incident, now).getTime() - currentEnd;
        expect(wait).toBe(Math.min(10 * incident.timeWindowMinutes * MINUTE, 10 * DAY));
      }),
    );
  });
});
