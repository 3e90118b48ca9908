import { parseQuery } from '@vigil/query';
import { describe, expect, test } from 'vitest';
import { bucketCount, bucketStarts } from './bucket-layout.js';
import { filterCondition } from './filter-sql.js';
import { levelsAllowedBy } from './level-filter.js';
import { splitAtMinutes } from './minute-split.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2024, 0, 1);
const at = (ms: number) => new Date(ms);

describe('bucketStarts', () => {
  test('buckets are aligned to the rollup since the epoch and cover [start, end)', () => {
    const buckets = bucketStarts(at(T0 + 10 * MINUTE + 30 * SECOND), at(T0 + 13 * MINUTE), 60);
    expect(buckets).toEqual([at(T0 + 10 * MINUTE), at(T0 + 11 * MINUTE), at(T0 + 12 * MINUTE)]);
  });

  test('an end on a boundary opens no extra bucket; one past it does', () => {
    expect(bucketStarts(at(T0), at(T0 + 2 * HOUR), 3600)).toHaveLength(2);
    expect(bucketStarts(at(T0), at(T0 + 2 * HOUR + 1), 3600)).toHaveLength(3);
  });

  test('worked example 1: 200 one-minute buckets for [06:55, 10:15)', () => {
    const start = at(T0 + 6 * HOUR + 55 * MINUTE);
    const end = at(T0 + 10 * HOUR + 15 * MINUTE);
    expect(bucketStarts(start, end, 60)).toHaveLength(200);
    expect(bucketCount(start, end, 60)).toBe(200);
  });

  test('rollups that do not divide an hour still align to the epoch', () => {
    const [first] = bucketStarts(at(T0 + 7 * MINUTE), at(T0 + HOUR), 7 * 60);
    expect(first!.getTime() % (7 * MINUTE)).toBe(0);
    expect(first!.getTime()).toBeLessThanOrEqual(T0 + 7 * MINUTE);
  });
});

describe('splitAtMinutes', () => {
  test('whole minutes in the middle, partial minutes at the edges', () => {
    const split = splitAtMinutes(at(T0 + 30 * SECOND), at(T0 + 5 * MINUTE + 10 * SECOND));
    expect(split.wholeMinutes).toEqual({ start: at(T0 + MINUTE), end: at(T0 + 5 * MINUTE) });
    expect(split.edges).toEqual([
      { start: at(T0 + 30 * SECOND), end: at(T0 + MINUTE) },
      { start: at(T0 + 5 * MINUTE), end: at(T0 + 5 * MINUTE + 10 * SECOND) },
    ]);
  });

  test('aligned ends leave no edges', () => {
    expect(splitAtMinutes(at(T0), at(T0 + 3 * MINUTE))).toEqual({
      wholeMinutes: { start: at(T0), end: at(T0 + 3 * MINUTE) },
      edges: [],
    });
  });

  test('a range inside one minute is all edge', () => {
    const range = { start: at(T0 + SECOND), end: at(T0 + 2 * SECOND) };
    expect(splitAtMinutes(range.start, range.end)).toEqual({ wholeMinutes: null, edges: [range] });
  });
});

describe('levelsAllowedBy', () => {
  test('no terms: every level', () => expect(levelsAllowedBy(parseQuery(''))).toEqual([1, 2, 3, 4, 5]));
  test('level:error', () => expect(levelsAllowedBy(parseQuery('level:error'))).toEqual([2]));
  test('negations remove levels', () =>
    expect(levelsAllowedBy(parseQuery('!level:error !level:debug'))).toEqual([1, 3, 4]));
  test('contradictions allow nothing', () =>
    expect(levelsAllowedBy(parseQuery('level:error level:fatal'))).toEqual([]));
  test('any other key needs the events', () =>
    expect(levelsAllowedBy(parseQuery('level:error environment:prod'))).toBeNull());
});

describe('filterCondition', () => {
  test('an empty query matches everything', () =>
    expect(filterCondition(parseQuery(''))).toEqual({ sql: 'TRUE', params: [] }));

  test('fields, tags and negation become parameterised conditions', () => {
    expect(filterCondition(parseQuery('level:warning !environment:prod tags[region]:eu user.id:"a b"'))).toEqual({
      sql: 'level = ? AND NOT (environment = ?) AND tags @> ?::jsonb AND user_id = ?',
      params: [3, 'prod', '{"region":"eu"}', 'a b'],
    });
  });

  test('a bare tag key is a tag', () => {
    expect(filterCondition(parseQuery('browser:firefox'))).toEqual({
      sql: 'tags @> ?::jsonb',
      params: ['{"browser":"firefox"}'],
    });
  });
});
