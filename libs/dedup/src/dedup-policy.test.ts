import { describe, expect, it } from 'vitest';
import { DEDUP_POLICIES, decideStoreOutcome, resolvePolicy, type DedupPolicy } from './dedup-policy.js';

describe('decideStoreOutcome', () => {
  it.each(DEDUP_POLICIES)('stores a new key under %s', (policy) => {
    expect(decideStoreOutcome(false, policy)).toBe('STORED');
  });

  it('replaces an existing key under last write wins', () => {
    expect(decideStoreOutcome(true, 'LAST_WRITE_WINS')).toBe('REPLACED');
  });

  it('reports a duplicate for an existing key under first write wins', () => {
    expect(decideStoreOutcome(true, 'FIRST_WRITE_WINS')).toBe('DUPLICATE');
  });
});

describe('resolvePolicy', () => {
  const overrides = new Map<string, DedupPolicy>([['7', 'FIRST_WRITE_WINS']]);

  it("uses a project's override", () => {
    expect(resolvePolicy('LAST_WRITE_WINS', overrides, '7')).toBe('FIRST_WRITE_WINS');
  });

  it('uses the service default for a project without an override', () => {
    expect(resolvePolicy('LAST_WRITE_WINS', overrides, '8')).toBe('LAST_WRITE_WINS');
    expect(resolvePolicy('FIRST_WRITE_WINS', new Map(), '8')).toBe('FIRST_WRITE_WINS');
  });

  it('lets an override restore the default policy for one project', () => {
    const back = new Map<string, DedupPolicy>([['7', 'LAST_WRITE_WINS']]);
    expect(resolvePolicy('FIRST_WRITE_WINS', back, '7')).toBe('LAST_WRITE_WINS');
  });
});
