import { describe, expect, it } from 'vitest';
import { outcomeOfFailedCall } from './snapshot-outcome.js';

describe('outcomeOfFailedCall', () => {
  it('removes the row for final answers: incident gone or no longer closed', () => {
    expect(outcomeOfFailedCall('INCIDENT_NOT_FOUND')).toBe('removed_not_found');
    expect(outcomeOfFailedCall('INCIDENT_NOT_CLOSED')).toBe('removed_not_closed');
  });

  it.each([
    'STATISTICS_REFUSED',
    'STATISTICS_FAILED',
    'INGEST_UNAVAILABLE',
    'DATABASE_UNAVAILABLE',
    'NOT_FOUND',
    undefined,
  ])('keeps the row for any other reason (%s)', (reason) => {
    expect(outcomeOfFailedCall(reason)).toBe('failed');
  });
});
