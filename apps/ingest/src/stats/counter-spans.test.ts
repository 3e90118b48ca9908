import { describe, expect, test } from 'vitest';
import { counterSpans } from './counter-spans.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2024, 0, 1);
const at = (ms: number) => new Date(ms);
const span = (start: number, end: number) => ({ start: at(start), end: at(end) });

describe('counterSpans', () => {
  test('hour rollups read whole hours from hour counters, the rest from minutes and events', () => {
    const spans = counterSpans(
      at(T0 + 50 * MINUTE + 30 * SECOND),
      at(T0 + 3 * HOUR + 10 * MINUTE + 5 * SECOND),
      3600,
      true,
    );
    expect(spans).toEqual({
      hours: span(T0 + HOUR, T0 + 3 * HOUR),
      minutes: [span(T0 + 51 * MINUTE, T0 + HOUR), span(T0 + 3 * HOUR, T0 + 3 * HOUR + 10 * MINUTE)],
      events: [
        span(T0 + 50 * MINUTE + 30 * SECOND, T0 + 51 * MINUTE),
        span(T0 + 3 * HOUR + 10 * MINUTE, T0 + 3 * HOUR + 10 * MINUTE + 5 * SECOND),
      ],
    });
  });

  test('200 aligned hours are one hour-counter span and nothing else', () => {
    expect(counterSpans(at(T0), at(T0 + 200 * HOUR), 3600, true)).toEqual({
      hours: span(T0, T0 + 200 * HOUR),
      minutes: [],
      events: [],
    });
  });

  test('a rollup that is not a whole number of hours stays on minutes', () => {
    expect(counterSpans(at(T0), at(T0 + 3 * HOUR), 90 * 60, true)).toEqual({
      hours: null,
      minutes: [span(T0, T0 + 3 * HOUR)],
      events: [],
    });
  });

  test('without hour counters (a query about groups) whole hours come from minutes', () => {
    expect(counterSpans(at(T0), at(T0 + 2 * HOUR), 3600, false)).toEqual({
      hours: null,
      minutes: [span(T0, T0 + 2 * HOUR)],
      events: [],
    });
  });

  test('a range without a whole hour is minutes and edges only', () => {
    expect(counterSpans(at(T0 + 10 * MINUTE), at(T0 + 20 * MINUTE + SECOND), 3600, true)).toEqual({
      hours: null,
      minutes: [span(T0 + 10 * MINUTE, T0 + 20 * MINUTE)],
      events: [span(T0 + 20 * MINUTE, T0 + 20 * MINUTE + SECOND)],
    });
  });

  test('a range inside one minute is all events', () => {
    expect(counterSpans(at(T0 + SECOND), at(T0 + 2 * SECOND), 3600, true)).toEqual({
      hours: null,
      minutes: [],
      events: [span(T0 + SECOND, T0 + 2 * SECOND)],
    });
  });
});
