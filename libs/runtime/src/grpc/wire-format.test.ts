import { describe, expect, it } from 'vitest';
import { checkWireFormat } from './wire-format.js';

describe('checkWireFormat', () => {
  it('accepts every wire type a Vigil message uses, and no bytes at all', () => {
    const fields = [0x08, 0x96, 0x01, 0x11, ...Array<number>(8).fill(1), 0x1a, 0x02, 0x68, 0x69, 0x25, 1, 2, 3, 4];
    expect(() => checkWireFormat(Uint8Array.from(fields))).not.toThrow();
    expect(() => checkWireFormat(new Uint8Array())).not.toThrow();
  });

  it('says what is wrong', () => {
    expect(() => checkWireFormat(Uint8Array.from([0x00]))).toThrow('field number 0');
    expect(() => checkWireFormat(Uint8Array.from([0x08, ...Array<number>(10).fill(0x80), 0x00]))).toThrow(
      'field 1 is a varint longer than 10 bytes',
    );
    expect(() => checkWireFormat(Uint8Array.from([0x09, 1, 2]))).toThrow('field 1 ends early');
    expect(() => checkWireFormat(Uint8Array.from([0x0e]))).toThrow('wire type 6');
  });
});
