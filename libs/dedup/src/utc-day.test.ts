import { describe, expect, it } from 'vitest';
import { utcDay } from './utc-day.js';

const HOUR = 60 * 60 * 1000;

describe('utcDay', () => {
  it('puts 23:59:59.999 and the next 00:00:00.000 on different days', () => {
    expect(utcDay(new Date(Date.UTC(2024, 0, 31, 23, 59, 59, 999)))).toBe('2024-01-31');
    expect(utcDay(new Date(Date.UTC(2024, 1, 1, 0, 0, 0, 0)))).toBe('2024-02-01');
  });

  it('gives 29 February of a leap year its own day', () => {
    expect(utcDay(new Date('2024-02-28T23:59:59.999Z'))).toBe('2024-02-28');
    expect(utcDay(new Date('2024-02-29T00:00:00.000Z'))).toBe('2024-02-29');
    expect(utcDay(new Date('2024-02-29T12:34:56Z'))).toBe('2024-02-29');
    expect(utcDay(new Date('2024-02-29T23:59:59.999Z'))).toBe('2024-02-29');
    expect(utcDay(new Date('2024-03-01T00:00:00.000Z'))).toBe('2024-03-01');
  });

  it('takes the UTC day of a timestamp given with an offset, not the local one', () => {
    expect(utcDay(new Date('2024-03-01T01:30:00+02:00'))).toBe('2024-02-29');
    expect(utcDay(new Date('2024-02-29T22:30:00-02:00'))).toBe('2024-03-01');
    expect(utcDay(new Date('2023-12-31T23:30:00-01:00'))).toBe('2024-01-01');
  });

  it('counts the day from the epoch instant, whatever the offset it was written with', () => {
    const instant = Date.UTC(2024, 5, 15, 3, 0);
    expect(utcDay(new Date(instant))).toBe('2024-06-15');
    expect(utcDay(new Date(instant - 4 * HOUR))).toBe('2024-06-14');
  });

  it('rejects an invalid date', () => {
    expect(() => utcDay(new Date('2024-02-32T00:00:00Z'))).toThrow(RangeError);
    expect(() => utcDay(new Date(Number.NaN))).toThrow(/not a valid date/);
  });

  it('rejects years that would not fit YYYY', () => {
    expect(utcDay(new Date('9999-12-31T23:59:59.999Z'))).toBe('9999-12-31');
    expect(() => utcDay(new Date('+010000-01-01T00:00:00Z'))).toThrow(/outside 0000–9999/);
    expect(() => utcDay(new Date('-000001-12-31T00:00:00Z'))).toThrow(RangeError);
  });
});
