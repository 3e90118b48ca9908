// What a protobuf parser must refuse at a message's own level, checked
// before the generated decoder runs: ts-proto's decoders stop at a tag of 0
// and read an over-long varint as if it were shorter, answering OK to bytes
// that are not protobuf. Without the schema, nested messages are left to the
// decoder (and the end-of-input check in strict-decode.ts).

const MAX_VARINT_BYTES = 10;
const MAX_FIELD_NUMBER = 536_870_911;

interface Cursor {
  readonly bytes: Uint8Array;
  pos: number;
}

/** Throws, saying what is wrong, when `bytes` is not a well-formed sequence of protobuf fields. */
export function checkWireFormat(bytes: Uint8Array): void {
  const cursor: Cursor = { bytes, pos: 0 };
  while (cursor.pos < bytes.length) {
    const tag = readVarint(cursor, 'a field tag');
    const fieldNumber = Math.floor(tag / 8);
    if (fieldNumber === 0) throw new Error('field number 0 is not a valid field');
    if (fieldNumber > MAX_FIELD_NUMBER) throw new Error(`field number ${fieldNumber} is out of range`);
    skipValue(cursor, tag % 8, `field ${fieldNumber}`);
  }
}

function skipValue(cursor: Cursor, wireType: number, field: string): void {
  switch (wireType) {
    case 0:
      readVarint(cursor, field);
      return;
    case 1:
      advance(cursor, 8, field);
      return;
    case 2:
      advance(cursor, readVarint(cursor, `the length of ${field}`), field);
      return;
    case 5:
      advance(cursor, 4, field);
      return;
    default:
      // 3 and 4 are proto2 groups, which no Vigil contract has; 6 and 7 do not exist.
      throw new Error(`${field} has wire type ${wireType}, which no Vigil message uses`);
  }
}

function readVarint(cursor: Cursor, what: string): number {
  let value = 0;
  let factor = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (cursor.pos >= cursor.bytes.length) throw new Error(`${what} ends early`);
    const byte = cursor.bytes[cursor.pos++] ?? 0;
    value += (byte & 0x7f) * factor;
    factor *= 128;
    if ((byte & 0x80) === 0) return value;
  }
  throw new Error(`${what} is a varint longer than ${MAX_VARINT_BYTES} bytes`);
}

function advance(cursor: Cursor, length: number, field: string): void {
  if (cursor.pos + length > cursor.bytes.length) throw new Error(`${field} ends early`);
  cursor.pos += length;
}
