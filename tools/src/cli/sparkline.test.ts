import { expect, test } from 'vitest';
import { renderSparkline } from './sparkline.js';

test('scales each value to the peak, zero on the lowest mark', () => {
  expect(renderSparkline([0, 1, 2, 3, 4, 5, 6, 7], 80)).toBe('▁▂▃▄▅▆▇█');
});

test('a small non-zero value never looks like an empty bucket', () => {
  expect(renderSparkline([0, 1, 1000], 80)).toBe('▁▂█');
});

test('an all-zero or empty series is flat, not an error', () => {
  expect(renderSparkline([0, 0, 0], 80)).toBe('▁▁▁');
  expect(renderSparkline([], 80)).toBe('');
});

test('more values than columns: each column shows the peak it covers', () => {
  const values = [0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 3];
  expect(renderSparkline(values, 4)).toBe('▁█▁▄');
});

test('200 buckets fit a 60-column terminal and keep a lone spike', () => {
  const values = Array.from({ length: 200 }, (_, i) => (i === 123 ? 9 : 0));
  const line = renderSparkline(values, 60);
  expect([...line]).toHaveLength(60);
  expect(line.replaceAll('▁', '')).toBe('█');
});
