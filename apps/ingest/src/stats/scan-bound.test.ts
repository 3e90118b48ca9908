import { parseQuery } from '@vigil/query';
import { InvalidArgumentError } from '@vigil/runtime';
import { describe, expect, test } from 'vitest';
import { checkScanRange, servedByCounters } from './scan-bound.js';
import type { TimeSeriesQuery } from './stats-query.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

function query(fields: Partial<TimeSeriesQuery> & { q?: string }): TimeSeriesQuery {
  return {
    projectIds: ['1'],
    groupIds: [],
    filter: parseQuery(fields.q ?? ''),
    start: new Date(T0),
    end: new Date(T0 + HOUR),
    aggregation: 'TOTAL',
    rollupSeconds: 60,
    ...fields,
  };
}

describe('servedByCounters', () => {
  test('totals filtered by level only, in whole minutes, come from the counters', () => {
    expect(servedByCounters(query({}))).toBe(true);
    expect(servedByCounters(query({ q: 'level:error' }))).toBe(true);
    expect(servedByCounters(query({ rollupSeconds: 3600 }))).toBe(true);
  });

  test('distinct users, other filters and rollups in seconds read events', () => {
    expect(servedByCounters(query({ aggregation: 'UNIQUE_USERS' }))).toBe(false);
    expect(servedByCounters(query({ q: 'browser:firefox' }))).toBe(false);
    expect(servedByCounters(query({ rollupSeconds: 90 }))).toBe(false);
  });
});

describe('checkScanRange', () => {
  test('a range up to the limit passes; one past it is INVALID_ARGUMENT on end, naming the limit', () => {
    expect(() => checkScanRange(query({ end: new Date(T0 + 24 * HOUR) }), 24 * HOUR, 'x')).not.toThrow();
    let error: unknown;
    try {
      checkScanRange(query({ end: new Date(T0 + 24 * HOUR + 1) }), 24 * HOUR, 'distinct users');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ field: 'end' });
    expect(String((error as Error).message)).toContain('at most 24 h (STATS_MAX_SCAN_RANGE)');
  });
});
