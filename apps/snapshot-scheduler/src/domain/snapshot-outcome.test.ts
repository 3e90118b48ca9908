import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { outcomeOfFailedCall } from './snapshot-outcome.js';

describe('outcomeOfFailedCall', () => {
  it('removes the row for final answers: incident gone or no longer closed', () => {
    expect(outcomeOfFailedCall(status.NOT_FOUND)).toBe('removed_not_found');
    expect(outcomeOfFailedCall(status.FAILED_PRECONDITION)).toBe('removed_not_closed');
  });

  it.each([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.INTERNAL, status.ABORTED, undefined])(
    'keeps the row for a passing failure (code %s)',
    (code) => {
      expect(outcomeOfFailedCall(code)).toBe('failed');
    },
  );
});
