import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchStoreOutcomes, planBatch } from './batch-plan.js';
import { DEDUP_POLICIES, decideStoreOutcome, type DedupPolicy, type StoreOutcome } from './dedup-policy.js';

const batch = (...keys: string[]) => keys.map((key) => ({ key }));
const none = () => false;
const all = () => true;

describe('planBatch', () => {
  it.each(DEDUP_POLICIES)('plans nothing for an empty batch under %s', (policy) => {
    expect(planBatch([], policy)).toEqual({ policy, items: [], writerIndexes: [] });
  });

  it.each(DEDUP_POLICIES)('writes every item of a batch without repeated keys under %s', (policy) => {
    const plan = planBatch(batch('A', 'B', 'C'), policy);
    expect(plan.writerIndexes).toEqual([0, 1, 2]);
    expect(plan.items).toEqual([
      { writerIndex: 0, outcome: 'FROM_WRITE' },
      { writerIndex: 1, outcome: 'FROM_WRITE' },
      { writerIndex: 2, outcome: 'FROM_WRITE' },
    ]);
    expect(batchStoreOutcomes(plan, (i) => i === 1)).toEqual(['STORED', decideStoreOutcome(true, policy), 'STORED']);
  });

  describe('last write wins', () => {
    it('writes the last of three copies; the later copies report REPLACED', () => {
      const plan = planBatch(batch('A', 'A', 'A'), 'LAST_WRITE_WINS');
      expect(plan.writerIndexes).toEqual([2]);
      expect(plan.items).toEqual([
        { writerIndex: 2, outcome: 'FROM_WRITE' },
        { writerIndex: 2, outcome: 'REPLACED' },
        { writerIndex: 2, outcome: 'REPLACED' },
      ]);
    });

    it('reports the first copy as the database says: STORED for a new key, REPLACED for an existing one', () => {
      const plan = planBatch(batch('A', 'A', 'A'), 'LAST_WRITE_WINS');
      expect(batchStoreOutcomes(plan, none)).toEqual(['STORED', 'REPLACED', 'REPLACED']);
      expect(batchStoreOutcomes(plan, all)).toEqual(['REPLACED', 'REPLACED', 'REPLACED']);
    });

    it('writes the last copy of each of interleaved keys', () => {
      const plan = planBatch(batch('A', 'B', 'A', 'C', 'B'), 'LAST_WRITE_WINS');
      expect(plan.writerIndexes).toEqual([2, 3, 4]);
      expect(plan.items.map((item) => item.writerIndex)).toEqual([2, 4, 2, 3, 4]);
      // B (written by item 4) was stored before the batch; A and C were not.
      expect(batchStoreOutcomes(plan, (i) => i === 4)).toEqual([
        'STORED',
        'REPLACED',
        'REPLACED',
        'STORED',
        'REPLACED',
      ]);
    });
  });

  describe('first write wins', () => {
    it('writes the first of three copies; the later copies report DUPLICATE', () => {
      const plan = planBatch(batch('A', 'A', 'A'), 'FIRST_WRITE_WINS');
      expect(plan.writerIndexes).toEqual([0]);
      expect(plan.items).toEqual([
        { writerIndex: 0, outcome: 'FROM_WRITE' },
        { writerIndex: 0, outcome: 'DUPLICATE' },
        { writerIndex: 0, outcome: 'DUPLICATE' },
      ]);
    });

    it('reports the first copy as the database says: STORED for a new key, DUPLICATE for an existing one', () => {
      const plan = planBatch(batch('A', 'A', 'A'), 'FIRST_WRITE_WINS');
      expect(batchStoreOutcomes(plan, none)).toEqual(['STORED', 'DUPLICATE', 'DUPLICATE']);
      expect(batchStoreOutcomes(plan, all)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    });

    it('writes the first copy of each of interleaved keys', () => {
      const plan = planBatch(batch('A', 'B', 'A', 'C', 'B'), 'FIRST_WRITE_WINS');
      expect(plan.writerIndexes).toEqual([0, 1, 3]);
      expect(plan.items.map((item) => item.writerIndex)).toEqual([0, 1, 0, 3, 1]);
      // B (written by item 1) was stored before the batch; A and C were not.
      expect(batchStoreOutcomes(plan, (i) => i === 1)).toEqual([
        'STORED',
        'DUPLICATE',
        'DUPLICATE',
        'STORED',
        'DUPLICATE',
      ]);
    });
  });

  it('asks the database only about the writers', () => {
    const asked: number[] = [];
    const plan = planBatch(batch('A', 'B', 'A', 'B', 'A'), 'LAST_WRITE_WINS');
    batchStoreOutcomes(plan, (i) => {
      asked.push(i);
      return false;
    });
    expect(new Set(asked)).toEqual(new Set([3, 4]));
  });
});

// The contract: a planned batch ends in the same outcomes and the same stored
// events as storing its items one by one, in order.
describe('planBatch against storing one by one', () => {
  const policy = fc.constantFrom<DedupPolicy>(...DEDUP_POLICIES);
  // Few distinct keys, so repeats are common.
  const keys = fc.array(fc.constantFrom('A', 'B', 'C', 'D'), { maxLength: 12 });
  const alreadyStored = fc.subarray(['A', 'B', 'C', 'D']);

  type Stored = number | 'before the batch';

  function storeOneByOne(items: readonly string[], existing: readonly string[], p: DedupPolicy) {
    const stored = new Map<string, Stored>(existing.map((key) => [key, 'before the batch']));
    const outcomes = items.map((key, index): StoreOutcome => {
      const outcome = decideStoreOutcome(stored.has(key), p);
      if (outcome !== 'DUPLICATE') stored.set(key, index);
      return outcome;
    });
    return { outcomes, stored };
  }

  function storePlanned(items: readonly string[], existing: readonly string[], p: DedupPolicy) {
    const plan = planBatch(
      items.map((key) => ({ key })),
      p,
    );
    const keyOf = (index: number) => items[index] ?? '';
    const stored = new Map<string, Stored>(existing.map((key) => [key, 'before the batch']));
    const existedBefore = new Set(plan.writerIndexes.filter((w) => stored.has(keyOf(w))));
    // One statement: each key once, so no write sees another write of the batch.
    for (const w of plan.writerIndexes) {
      if (decideStoreOutcome(existedBefore.has(w), p) !== 'DUPLICATE') stored.set(keyOf(w), w);
    }
    return { outcomes: batchStoreOutcomes(plan, (w) => existedBefore.has(w)), stored };
  }

  it('gives the same outcomes and stores the same events', () => {
    fc.assert(
      fc.property(keys, alreadyStored, policy, (items, existing, p) => {
        expect(storePlanned(items, existing, p)).toEqual(storeOneByOne(items, existing, p));
      }),
    );
  });

  it('picks exactly one writer per key, of that key, and points every copy at it', () => {
    fc.assert(
      fc.property(keys, policy, (items, p) => {
        const plan = planBatch(
          items.map((key) => ({ key })),
          p,
        );
        const writerKeys = plan.writerIndexes.map((w) => items[w]);
        expect(new Set(writerKeys).size).toBe(writerKeys.length);
        expect(new Set(writerKeys)).toEqual(new Set(items));
        plan.items.forEach(({ writerIndex }, index) => {
          expect(items[writerIndex]).toBe(items[index]);
          expect(plan.writerIndexes).toContain(writerIndex);
        });
        expect(plan.writerIndexes).toEqual([...plan.writerIndexes].sort((a, b) => a - b));
      }),
    );
  });
});
