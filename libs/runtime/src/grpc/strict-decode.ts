import type { ServiceDefinition } from '@grpc/grpc-js';
import { BinaryReader } from '@bufbuild/protobuf/wire';
import type { NanosCheck } from './timestamp-nanos.js';
import { checkWireFormat } from './wire-format.js';

const INVALID_TEXT = Symbol('fields whose bytes are not UTF-8');
const INVALID_NANOS = Symbol('Timestamp fields whose nanos are outside [0, 999,999,999]');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The service definition with strict request decoding. Bytes that are not
 * protobuf (field number 0, an over-long varint, a message that stops short)
 * fail as grpc-js fails every deserialization error: INTERNAL, as the gRPC
 * spec prescribes. A string field whose bytes are not UTF-8 is decoded
 * leniently but marked, so the handler answers INVALID_ARGUMENT naming it
 * (see `invalidTextFields`) instead of storing U+FFFD replacement characters.
 * With `nanosChecks` (by RPC path), a Timestamp whose nanos are outside
 * [0, 999,999,999] is marked the same way (see `invalidNanosFields`): the
 * generated decoder would fold them into the seconds.
 */
export function withStrictDecoding(
  definition: ServiceDefinition,
  nanosChecks: ReadonlyMap<string, NanosCheck> = new Map(),
): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      { ...method, requestDeserialize: strictDeserializer(method.requestDeserialize, nanosChecks.get(method.path)) },
    ]),
  );
}

function strictDeserializer<T>(decode: (bytes: Buffer) => T, checkNanos?: NanosCheck): (bytes: Buffer) => T {
  return (bytes) => {
    checkWireFormat(bytes);
    const invalid = new Set<string>();
    const reader = new BinaryReader(bytes, (data) => {
      try {
        return strictUtf8.decode(data);
      } catch {
        const text = lenientUtf8.decode(data);
        invalid.add(text);
        return text;
      }
    });
    const message = decodeFrom(reader, bytes, decode);
    if (message === NOT_A_READER) return decode(bytes);
    if (reader.pos !== reader.len) throw new Error('the message stops before its end (a field tag of 0)');
    if (typeof message !== 'object' || message === null) return message;
    if (invalid.size > 0) Object.defineProperty(message, INVALID_TEXT, { value: fieldsHolding(message, invalid) });
    const badNanos = checkNanos?.(bytes) ?? [];
    if (badNanos.length > 0) Object.defineProperty(message, INVALID_NANOS, { value: badNanos });
    return message;
  };
}

const NOT_A_READER = Symbol('the decoder takes bytes only');

// ts-proto's decode(input) reads from a BinaryReader when given one: that is how
// the strict UTF-8 check gets in. A decoder that takes only bytes (proto-loader's,
// in tests) refuses the reader before reading anything; it then gets the bytes.
function decodeFrom<T>(reader: BinaryReader, bytes: Buffer, decode: (bytes: Buffer) => T): T | typeof NOT_A_READER {
  try {
    return decode(reader as unknown as Buffer);
  } catch (error) {
    if (reader.pos === 0 && bytes.length > 0) return NOT_A_READER;
    throw error;
  }
}

/** The request fields (snake_case paths) whose bytes were not UTF-8; empty when all were. */
export function invalidTextFields(request: unknown): readonly string[] {
  if (typeof request !== 'object' || request === null) return [];
  return (request as { [INVALID_TEXT]?: readonly string[] })[INVALID_TEXT] ?? [];
}

/** The request's Timestamp fields (snake_case paths) whose nanos were outside [0, 999,999,999]; empty when none. */
export function invalidNanosFields(request: unknown): readonly string[] {
  if (typeof request !== 'object' || request === null) return [];
  return (request as { [INVALID_NANOS]?: readonly string[] })[INVALID_NANOS] ?? [];
}

function fieldsHolding(value: unknown, texts: ReadonlySet<string>, path = ''): string[] {
  if (typeof value === 'string') return texts.has(value) ? [path] : [];
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof Uint8Array) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => fieldsHolding(item, texts, `${path}[${i}]`));
  return Object.entries(value).flatMap(([key, item]) => {
    const field = path === '' ? snakeCase(key) : `${path}.${snakeCase(key)}`;
    // A map's key is text too (tags): name the entry.
    return texts.has(key) ? [`${path}[${key}]`] : fieldsHolding(item, texts, field);
  });
}

const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
