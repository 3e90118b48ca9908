import { describe, expect, it } from 'vitest';
import { appliedVersionHorizonMs } from './applied-version-horizon.js';

describe('appliedVersionHorizonMs', () => {
  it('is the stream’s max_age plus its duplicate window', () => {
    expect(appliedVersionHorizonMs({ maxAgeMs: 7 * 86_400_000, duplicateWindowMs: 120_000 })).toBe(
      7 * 86_400_000 + 120_000,
    );
  });

  it('keeps every version while the stream keeps every message', () => {
    expect(appliedVersionHorizonMs({ maxAgeMs: 0, duplicateWindowMs: 120_000 })).toBeNull();
  });
});
