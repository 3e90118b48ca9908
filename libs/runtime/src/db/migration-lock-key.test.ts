import { describe, expect, it } from 'vitest';
import { migrationLockKey } from './migration-lock-key.js';

describe('migrationLockKey', () => {
  it('is the same for every replica of a database and differs between databases', () => {
    expect(migrationLockKey('vigil_ingest')).toBe(migrationLockKey('vigil_ingest'));
    expect(migrationLockKey('vigil_ingest')).not.toBe(migrationLockKey('vigil_incidents'));
  });

  it('fits the signed 64-bit key pg_advisory_lock takes', () => {
    for (const name of ['vigil_ingest', 'vigil_incidents', 'vigil_scheduler', 'x']) {
      const key = BigInt(migrationLockKey(name));
      expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
    }
  });
});
