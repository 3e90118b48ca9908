import { InvalidArgumentError } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { liveStatisticsRange, snapshotRanges } from './statistics-ranges.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2021, 0, 1);
const at = (ms: number) => new Date(ms);

describe('snapshotRanges', () => {
  it('follows worked example 1: no rule, started 10:00, closed 10:05, run at 11:00', () => {
    const incident = {
      dateStarted: at(T0 + 10 * HOUR),
      dateClosed: at(T0 + 10 * HOUR + 5 * MINUTE),
      timeWindowMinutes: 1,
    };
    expect(snapshotRanges(incident, at(T0 + 11 * HOUR))).toEqual({
      graph: { start: at(T0 + 6 * HOUR + 55 * MINUTE), end: at(T0 + 10 * HOUR + 15 * MINUTE) },
      totals: { start: at(T0 + 9 * HOUR + 59 * MINUTE), end: at(T0 + 10 * HOUR + 6 * MINUTE) },
      rollupSeconds: 60,
    });
  });

  it('follows worked example 3: a 5-minute window whose graph ends before now', () => {
    const incident = { dateStarted: at(T0 + DAY), dateClosed: at(T0 + DAY + 12 * HOUR), timeWindowMinutes: 5 };
    const { graph, rollupSeconds } = snapshotRanges(incident, at(T0 + DAY + 13 * HOUR));
    expect(graph).toEqual({ start: at(T0 + 15 * HOUR + 35 * MINUTE), end: at(T0 + DAY + 8 * HOUR + 15 * MINUTE) });
    expect(rollupSeconds).toBe(300);
  });
});

describe('liveStatisticsRange', () => {
  const open = { dateStarted: at(T0 + 10 * HOUR), dateClosed: null, timeWindowMinutes: 10 };
  const now = at(T0 + 12 * HOUR);

  it('runs the plain range to now plus a window while the incident is open', () => {
    expect(liveStatisticsRange(open, now, { windowed: false, start: null, end: null })).toEqual({
      start: at(T0 + 9 * HOUR + 50 * MINUTE),
      end: at(T0 + 12 * HOUR + 10 * MINUTE),
      rollupSeconds: 600,
    });
  });

  it('takes a given start and end for the plain range', () => {
    const range = liveStatisticsRange(open, now, { windowed: false, start: at(T0), end: at(T0 + HOUR) });
    expect(range).toMatchObject({ start: at(T0), end: at(T0 + HOUR) });
  });

  it('derives the windowed end from the start and ignores a given end', () => {
    const range = liveStatisticsRange(open, now, { windowed: true, start: null, end: at(T0) });
    expect(range).toEqual({ start: at(T0 + 12 * HOUR - 2000 * MINUTE), end: now, rollupSeconds: 600 });
  });

  it('refuses a range that does not move forward', () => {
    expect(() => liveStatisticsRange(open, now, { windowed: false, start: at(T0 + HOUR), end: at(T0 + HOUR) })).toThrow(
      InvalidArgumentError,
    );
  });
});
