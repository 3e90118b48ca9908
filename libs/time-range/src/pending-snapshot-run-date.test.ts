import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from './durations.js';
import { pendingSnapshotRunDate } from './pending-snapshot-run-date.js';

const T0 = Date.UTC(2021, 0, 1);
const at = (ms: number): Date => new Date(ms);

describe('pendingSnapshotRunDate', () => {
  const closedAt = T0 + 12 * HOUR;
  const closed = (timeWindowMinutes: number) => ({
    dateStarted: at(T0),
    dateClosed: at(closedAt),
    timeWindowMinutes,
  });
  const muchLater = at(T0 + 400 * DAY);

  it('waits ten windows after the close', () => {
    expect(pendingSnapshotRunDate(closed(1), muchLater)).toEqual(at(closedAt + 10 * MINUTE));
    expect(pendingSnapshotRunDate(closed(5), muchLater)).toEqual(at(closedAt + 50 * MINUTE));
  });

  it('waits at most 10 days: the 10-day cap against the 10-window cap', () => {
    // 1439 min: ten windows are just under 10 days, so they decide.
    expect(pendingSnapshotRunDate(closed(1439), muchLater)).toEqual(at(closedAt + 14_390 * MINUTE));
    // One day: both caps are 10 days.
    expect(pendingSnapshotRunDate(closed(1440), muchLater)).toEqual(at(closedAt + 10 * DAY));
    // 1441 min: ten windows would be over 10 days, so the day cap decides.
    expect(pendingSnapshotRunDate(closed(1441), muchLater)).toEqual(at(closedAt + 10 * DAY));
    // A 10-day window (14 400 min) would wait 100 days uncapped.
    expect(pendingSnapshotRunDate(closed(14_400), muchLater)).toEqual(at(closedAt + 10 * DAY));
  });

  it('counts from now for an incident that is not closed', () => {
    const open = { ...closed(5), dateClosed: null };
    const now = at(T0 + 15 * HOUR);
    expect(pendingSnapshotRunDate(open, now)).toEqual(at(T0 + 15 * HOUR + 50 * MINUTE));
  });

  it('does not depend on now once the incident is closed', () => {
    expect(pendingSnapshotRunDate(closed(5), at(closedAt))).toEqual(pendingSnapshotRunDate(closed(5), muchLater));
  });

  it('rejects a window that is not a whole number of minutes ≥ 1', () => {
    expect(() => pendingSnapshotRunDate(closed(0), muchLater)).toThrow(RangeError);
    expect(() => pendingSnapshotRunDate(closed(0.5), muchLater)).toThrow(RangeError);
  });
});
