import { expect, test } from 'vitest';
import { describeRollup, formatSeries } from './series-view.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2021, 0, 1, 10);
const bucketsOf = (values: number[]) =>
  values.map((value, i) => ({ start: new Date(T0 + i * MINUTE), value: String(value) }));

test('sparkline over all buckets, labelled with the range start and end, then the non-empty buckets', () => {
  const text = formatSeries({
    buckets: bucketsOf([0, 2, ...Array<number>(39).fill(0), 8]),
    rollupSeconds: 60,
    unit: 'events',
    width: 80,
    table: true,
  });
  expect(text.split('\n')).toEqual([
    'events per 1m bucket: 42 buckets, peak 8',
    `▁▃${'▁'.repeat(39)}█`,
    `2021-01-01 10:00:00Z  2021-01-01 10:42:00Z`,
    '',
    'bucket start          events',
    '────────────────────  ──────',
    '2021-01-01 10:01:00Z       2',
    '2021-01-01 10:41:00Z       8',
  ]);
});

test('a given end wins over the last bucket end; a narrow sparkline puts the labels on one line', () => {
  const text = formatSeries({
    buckets: bucketsOf([1, 0, 3]),
    rollupSeconds: 60,
    unit: 'users',
    width: 80,
    table: false,
    end: new Date(T0 + 2 * MINUTE + 30_000),
  });
  expect(text.split('\n')).toEqual([
    'users per 1m bucket: 3 buckets, peak 3',
    '▄▁█',
    '2021-01-01 10:00:00Z → 2021-01-01 10:02:30Z',
  ]);
});

test('all-empty and bucketless series say so', () => {
  const empty = formatSeries({ buckets: bucketsOf([0, 0]), rollupSeconds: 60, unit: 'events', width: 80, table: true });
  expect(empty).toContain('every bucket is empty: no events');
  expect(formatSeries({ buckets: [], rollupSeconds: 60, unit: 'events', width: 80, table: true })).toBe(
    'no events buckets in the range',
  );
});

test('rollups read as s, m or h', () => {
  expect(describeRollup(60)).toBe('1m');
  expect(describeRollup(300)).toBe('5m');
  expect(describeRollup(7200)).toBe('2h');
  expect(describeRollup(90)).toBe('90s');
});
