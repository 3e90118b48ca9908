import { expect, test } from 'vitest';
import { idList, positiveInteger, repeatable } from './options.js';

test('repeatable options collect every value in order', () => {
  expect(repeatable('b=2', repeatable('a=1', undefined))).toEqual(['a=1', 'b=2']);
});

test('id lists take repeats and commas, and refuse a bad id', () => {
  const projects = idList('--project');
  expect(projects('3', projects('1,2', undefined))).toEqual(['1', '2', '3']);
  expect(() => projects('1,x', undefined)).toThrow('--project: "x" is not a positive integer id');
});

test('counts must be whole and positive', () => {
  expect(positiveInteger('--window')('5')).toBe(5);
  for (const bad of ['0', '-1', '1.5', 'five']) expect(() => positiveInteger('--window')(bad)).toThrow(/--window: /);
});
