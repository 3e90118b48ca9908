import { InvalidArgumentError } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { groupIds, label, positiveId, projectIds, timeWindowMinutes, validQuery } from './field-rules.js';

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('field rules', () => {
  it('accepts positive int64 ids only', () => {
    expect(positiveId('9223372036854775807', 'organization_id')).toBe('9223372036854775807');
    expect(failure(() => positiveId('0', 'organization_id'))).toBe('organization_id: is required');
    expect(failure(() => positiveId('-4', 'organization_id'))).toBe(
      'organization_id: must be a positive integer, got -4',
    );
    expect(failure(() => positiveId('9223372036854775808', 'x'))).toMatch(/^x: must be a positive integer/);
  });

  it('needs at least one project, names the bad one, and drops repeats', () => {
    expect(projectIds(['3', '1', '3'])).toEqual(['3', '1']);
    expect(failure(() => projectIds([]))).toBe('project_ids: must name at least one project');
    expect(failure(() => projectIds(['1', '-2']))).toBe('project_ids[1]: must be a positive integer, got -2');
  });

  it('takes group ids as 32 hex digits, lowercased', () => {
    expect(groupIds(['AB'.repeat(16), 'ab'.repeat(16)])).toEqual(['ab'.repeat(16)]);
    expect(failure(() => groupIds(['nope']))).toBe('group_ids[0]: must be 32 hex digits, got "nope"');
  });

  it('refuses blank and oversized labels', () => {
    expect(failure(() => label('  ', 'name'))).toBe('name: must not be empty');
    expect(failure(() => label('x'.repeat(201), 'title'))).toBe('title: at most 200 characters, got 201');
  });

  it('points a bad query at its term', () => {
    expect(validQuery('level:error browser:Firefox')).toBe('level:error browser:Firefox');
    expect(failure(() => validQuery('level:error level:bogus'))).toBe(
      'query: invalid level "bogus" at position 18: expected one of fatal, error, warning, info, debug (term "level:bogus")',
    );
    expect(failure(() => validQuery('foo:"open'))).toBe('query: unterminated quote at position 4 (term "foo:\\"open")');
  });

  it('takes time windows in whole minutes from 1', () => {
    expect(timeWindowMinutes(1)).toBe(1);
    expect(failure(() => timeWindowMinutes(0))).toMatch(
      /^time_window_minutes: must be a whole number of minutes from 1/,
    );
  });
});
