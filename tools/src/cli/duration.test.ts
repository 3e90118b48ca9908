import { describe, expect, it } from 'vitest';
import { CliInputError } from './cli-input-error.js';
import { duration } from './duration.js';

describe('duration', () => {
  it('takes units, and a bare number in the option’s own unit', () => {
    const timeout = duration('--timeout', 'ms');
    expect([timeout('500ms'), timeout('5s'), timeout('2m'), timeout('1h'), timeout('3000')]).toEqual([
      500, 5_000, 120_000, 3_600_000, 3_000,
    ]);
    expect(duration('--window', 'm', 'm')('5')).toBe(300_000);
    expect(duration('--rollup', 's', 's')('1d')).toBe(86_400_000);
  });

  it('refuses nonsense, zero and fractions of the unit that must be whole, naming the option', () => {
    expect(() => duration('--timeout', 'ms')('soon')).toThrow(CliInputError);
    expect(() => duration('--timeout', 'ms')('0s')).toThrow(/--timeout: "0s" is not a duration/);
    expect(() => duration('--window', 'm', 'm')('90s')).toThrow(/--window: "90s" is not a whole number of minutes/);
  });
});
