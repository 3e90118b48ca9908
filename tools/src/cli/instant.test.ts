import { expect, test } from 'vitest';
import { CliInputError } from './cli-input-error.js';
import { formatInstant, parseInstant } from './instant.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2021, 0, 1, 12);
const now = new Date(T0);

test('offsets count back from now', () => {
  expect(parseInstant('-30m', '--start', now).getTime()).toBe(T0 - 30 * MINUTE);
  expect(parseInstant('-2h', '--start', now).getTime()).toBe(T0 - 2 * HOUR);
  expect(parseInstant('-1d', '--start', now).getTime()).toBe(T0 - 24 * HOUR);
  expect(parseInstant('-45s', '--start', now).getTime()).toBe(T0 - 45_000);
  expect(parseInstant('now', '--end', now).getTime()).toBe(T0);
});

test('ISO 8601 instants with a zone', () => {
  expect(parseInstant('2021-01-01T10:00:00Z', '--start', now).getTime()).toBe(T0 - 2 * HOUR);
  expect(parseInstant('2021-01-01T12:00+02:00', '--start', now).getTime()).toBe(T0 - 2 * HOUR);
  expect(parseInstant('2021-01-01T10:00:00.250Z', '--start', now).getTime()).toBe(T0 - 2 * HOUR + 250);
});

test('anything else names the option and the accepted forms', () => {
  for (const bad of ['yesterday', '2021-01-01', '2021-01-01T10:00:00', '30m', '-3w', '2021-13-45T99:00:00Z']) {
    expect(() => parseInstant(bad, '--closed-at', now)).toThrow(CliInputError);
  }
  expect(() => parseInstant('soon', '--closed-at', now)).toThrow(/--closed-at: "soon" is not a time/);
});

test('instants print in UTC to the second', () => {
  expect(formatInstant(new Date(T0 + 5 * MINUTE + 250))).toBe('2021-01-01 12:05:00Z');
  expect(formatInstant(undefined)).toBe('');
});
