import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../grpc/domain-errors.js';
import {
  decodePageToken,
  encodePageToken,
  optionalTimestamp,
  plainText,
  positiveId,
  timestampInRange,
} from './index.js';

const digits = (key: readonly string[]) => key.length === 1 && /^[1-9][0-9]*$/.test(key[0] ?? '');

describe('plainText', () => {
  it('passes text through and refuses a NUL, naming the field', () => {
    expect(plainText('déjà vu ✓', 'title')).toBe('déjà vu ✓');
    expect(() => plainText('a\u0000b', 'title')).toThrow('title: must not contain a NUL character (U+0000, at 1)');
  });
});

describe('timestampInRange', () => {
  it('accepts the protobuf Timestamp range and refuses what lies outside it', () => {
    const first = new Date('0001-01-01T00:00:00.000Z');
    const last = new Date('9999-12-31T23:59:59.999Z');
    expect(timestampInRange(first, 'start')).toBe(first);
    expect(timestampInRange(last, 'start')).toBe(last);
    for (const outside of [new Date(first.getTime() - 1), new Date(last.getTime() + 1), new Date(Number.NaN)]) {
      expect(() => timestampInRange(outside, 'end')).toThrow(InvalidArgumentError);
    }
    expect(() => timestampInRange(new Date(2 ** 62 * 1000), 'end')).toThrow('end: must be between 0001-01-01');
  });

  it('leaves an absent optional timestamp absent', () => {
    expect(optionalTimestamp(undefined, 'date_closed')).toBeNull();
  });
});

describe('positiveId', () => {
  it('takes canonical positive int64s only', () => {
    expect(positiveId('9223372036854775807', 'id')).toBe('9223372036854775807');
    expect(() => positiveId('9223372036854775808', 'id')).toThrow('id: must be a positive integer');
    expect(() => positiveId('0', 'organization_id')).toThrow('organization_id: is required');
  });
});

describe('page tokens', () => {
  it('continue the listing they came from, and an empty token starts it', () => {
    expect(decodePageToken(encodePageToken('incidents.list:7', ['41']), 'incidents.list:7', digits)).toEqual(['41']);
    expect(decodePageToken('', 'incidents.list:7', digits)).toBeNull();
  });

  it('are refused when forged, foreign or carrying a key the listing never writes', () => {
    const forged = [
      'not a token',
      Buffer.from('[]').toString('base64url'),
      Buffer.from('{"s":"x","k":[1]}').toString('base64url'),
      encodePageToken('x', ['1; DROP TABLE incident']),
      encodePageToken('x', ['99999999999999999999999']).replace(/.$/, '!'),
    ];
    for (const token of forged) {
      expect(() => decodePageToken(token, 'x', digits)).toThrow(
        'page_token: is not a page token this service gave out',
      );
    }
    expect(() => decodePageToken(encodePageToken('ingest.groups:1', ['1']), 'x', digits)).toThrow(
      'page_token: belongs to another listing',
    );
  });
});
