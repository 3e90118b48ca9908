import { InvalidArgumentError } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { decodePageToken, encodePageToken, page, pageSize } from './page-token.js';

describe('page tokens', () => {
  it('continue the listing they came from', () => {
    expect(decodePageToken(encodePageToken('incidents:7:*', '41'), 'incidents:7:*')).toBe('41');
    expect(decodePageToken('', 'incidents:7:*')).toBeNull();
  });

  it('are refused when forged or from another listing', () => {
    expect(() => decodePageToken('not-a-token', 'x')).toThrow(InvalidArgumentError);
    expect(() => decodePageToken(Buffer.from('{"scope":"x","after":"1; DROP"}').toString('base64url'), 'x')).toThrow(
      'page_token: is not a page token this service gave out',
    );
    expect(() => decodePageToken(encodePageToken('incidents:7:*', '9223372036854775808'), 'incidents:7:*')).toThrow(
      'page_token: is not a page token this service gave out',
    );
    expect(() => decodePageToken(encodePageToken('incidents:7:*', '41'), 'incidents:7:CLOSED')).toThrow(
      'page_token: belongs to another listing',
    );
  });

  it('are given only when a further row was fetched', () => {
    expect(page(['a', 'b', 'c'], 2, 's', (x) => (x === 'b' ? '2' : '0'))).toEqual({
      items: ['a', 'b'],
      nextPageToken: encodePageToken('s', '2'),
    });
    expect(page(['a', 'b'], 2, 's', () => '1')).toEqual({ items: ['a', 'b'], nextPageToken: '' });
  });
});

describe('pageSize', () => {
  it('defaults 0, caps large values and refuses negative ones', () => {
    expect(pageSize(0)).toBe(100);
    expect(pageSize(5000)).toBe(1000);
    expect(pageSize(7)).toBe(7);
    expect(() => pageSize(-1)).toThrow('page_size: must not be negative, got -1');
  });
});
