import { CreateAlertRuleRequest, IncidentsServiceService } from '@vigil/contracts/incidents';
import { describe, expect, it } from 'vitest';
import { invalidTextFields, replacedTexts, withStrictDecoding } from './strict-decode.js';

const { createAlertRule } = withStrictDecoding(IncidentsServiceService) as unknown as typeof IncidentsServiceService;
const decode = (bytes: number[] | Uint8Array) => createAlertRule.requestDeserialize(Buffer.from(bytes));
const valid = (): Uint8Array =>
  CreateAlertRuleRequest.encode({
    organizationId: '7',
    projectIds: ['1'],
    name: 'cpu',
    query: '',
    aggregation: 0,
    timeWindowMinutes: 5,
  }).finish();

describe('strict request decoding', () => {
  it('decodes a well-formed request as the generated decoder does', () => {
    const request = decode(valid());
    expect(request).toMatchObject({ organizationId: '7', name: 'cpu', timeWindowMinutes: 5 });
    expect(invalidTextFields(request)).toEqual([]);
  });

  it.each([
    ['a field number 0', [...valid(), 0x00, 0x01]],
    ['a field number 0 first', [0x00, ...valid()]],
    ['an 11-byte varint', [0x08, ...Array<number>(10).fill(0xff), 0x01]],
    ['a length past the end', [0x1a, 0x05, 0x61]],
    ['a group (wire type 3)', [0x0b, 0x0c]],
    ['a varint cut short', [0x08, 0xff]],
  ])('refuses bytes that are not protobuf: %s (the generated decoder said OK)', (_, bytes) => {
    expect(() => decode(bytes)).toThrow();
  });

  it('marks a string whose bytes are not UTF-8, naming the field, instead of storing U+FFFD', () => {
    // field 3 (name), length 3: "a", then 0xff 0xfe (never UTF-8)
    const request = decode([...valid(), 0x1a, 0x03, 0x61, 0xff, 0xfe]);
    expect(invalidTextFields(request)).toEqual(['name']);
    // For a handler that stores such text and reports it: the decoded strings, with U+FFFD.
    expect([...replacedTexts(request)]).toEqual(['a\uFFFD\uFFFD']);
    expect(replacedTexts(decode(valid())).size).toBe(0);
  });
});
