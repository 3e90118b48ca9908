import { describe, expect, test } from 'vitest';
import { cpuSecondsFromStat, cpuUsedBetween } from './process-cpu.js';

// A real line's shape: pid (comm) state ppid … utime (14) stime (15) …
const stat = (comm: string, utime: number, stime: number) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 1000 0 0 0 ${utime} ${stime} 0 0 20 0 11 0 12345 1000000 5000`;

describe('cpuSecondsFromStat', () => {
  test('user plus system ticks, in seconds', () => {
    expect(cpuSecondsFromStat(stat('node', 250, 50))).toBe(3);
  });

  test('a process name with spaces and parentheses does not shift the fields', () => {
    expect(cpuSecondsFromStat(stat('postgres: x (y) z', 100, 100))).toBe(2);
  });

  test('text that is not a stat line is an error', () => {
    expect(() => cpuSecondsFromStat('nonsense')).toThrow();
  });
});

describe('cpuUsedBetween', () => {
  test('sums each group, counting a process that appeared in between from zero', () => {
    const before = new Map([
      [
        'scheduler',
        new Map([
          [1, 10],
          [2, 5],
        ]),
      ],
    ]);
    const after = new Map([
      [
        'scheduler',
        new Map([
          [1, 12.5],
          [2, 5.5],
          [3, 1],
        ]),
      ],
      ['graphile', new Map([[9, 4]])],
    ]);
    expect(cpuUsedBetween(before, after)).toEqual(
      new Map([
        ['scheduler', 4],
        ['graphile', 4],
      ]),
    );
  });
});
