import { describe, expect, it } from 'vitest';
import { EMPTY_TALLY, tallyBatch } from './process-tally.js';

describe('tallyBatch', () => {
  it('counts batches, claims and each outcome under its own name', () => {
    const first = tallyBatch(EMPTY_TALLY, ['created', 'created', 'already_existed', 'failed']);
    const second = tallyBatch(first, ['removed_not_closed', 'removed_not_found', 'created']);
    expect(second).toEqual({
      batches: 2,
      claimed: 7,
      created: 3,
      alreadyExisted: 1,
      removedNotClosed: 1,
      removedNotFound: 1,
      failed: 1,
    });
  });

  it('leaves the tally it was given unchanged', () => {
    tallyBatch(EMPTY_TALLY, ['created']);
    expect(EMPTY_TALLY.created).toBe(0);
  });
});
