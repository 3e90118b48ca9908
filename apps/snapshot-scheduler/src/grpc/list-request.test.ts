import { InvalidArgumentError } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { readListRequest } from './list-request.js';
import { encodePageToken } from './page-token.js';

const T0 = Date.UTC(2021, 0, 1);
const position = { nextAttemptAt: new Date(T0 + 123), incidentId: '9007199254740993' };

function invalidArgument(read: () => unknown): InvalidArgumentError {
  try {
    read();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('readListRequest', () => {
  it('reads page size 0 as 100 and caps it at 1000', () => {
    expect(readListRequest({ pageSize: 0, pageToken: '' })).toEqual({
      pageSize: 100,
      dueOnly: false,
      after: undefined,
    });
    expect(readListRequest({ pageSize: 5000, pageToken: '', dueOnly: true }).pageSize).toBe(1000);
    expect(readListRequest({ pageSize: 7, pageToken: '' }).pageSize).toBe(7);
  });

  it('rejects a negative page size, naming the field', () => {
    expect(invalidArgument(() => readListRequest({ pageSize: -1, pageToken: '' })).field).toBe('page_size');
  });

  it('continues after the position a token it issued carries, exactly (ms and int64 intact)', () => {
    const token = encodePageToken(position, true);
    expect(readListRequest({ pageSize: 3, pageToken: token, dueOnly: true }).after).toEqual(position);
  });

  it.each([
    'garbage',
    'e30',
    Buffer.from('{"t":1,"i":"0","d":false}').toString('base64url'),
    // Any safe integer used to pass as a time and failed in the database (INTERNAL).
    Buffer.from(JSON.stringify({ s: 'scheduler.pending:all', k: ['9007199254740991', '1'] })).toString('base64url'),
    Buffer.from(JSON.stringify({ s: 'scheduler.pending:all', k: ['1', '9223372036854775808'] })).toString('base64url'),
    // Another service's token, in the shared format.
    Buffer.from(JSON.stringify({ s: 'ingest.groups:1', k: ['0123456789abcdef0123456789abcdef'] })).toString(
      'base64url',
    ),
  ])('rejects a token it did not issue: %s', (pageToken) => {
    const error = invalidArgument(() => readListRequest({ pageSize: 3, pageToken }));
    expect(error.field).toBe('page_token');
  });

  it('rejects a token from a listing with another due_only', () => {
    const token = encodePageToken(position, false);
    const error = invalidArgument(() => readListRequest({ pageSize: 3, pageToken: token, dueOnly: true }));
    expect(error.message).toBe('page_token: belongs to another listing (its filters differ)');
  });
});
