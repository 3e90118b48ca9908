import { createFileRegistry, fromBinary, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

const TIMESTAMP = 'google.protobuf.Timestamp';
const NANOS_FIELD = 2;
const MAX_NANOS = 999_999_999;

/** Finds, in a request's bytes, the Timestamp fields whose nanos are outside [0, 999,999,999]. */
export type NanosCheck = (bytes: Uint8Array) => string[];

/**
 * One NanosCheck per RPC path (`/vigil.ingest.v1.IngestService/StoreEvent`)
 * whose request holds a Timestamp anywhere. The generated decoder folds
 * nanos into a Date, so 1,500,000,000 nanos silently became 1.5 s later;
 * the raw field is only visible in the bytes, so the check reads them, led
 * by the descriptors. Requests without a Timestamp get no check (no cost).
 */
export function nanosChecks(descriptorSet: Uint8Array): ReadonlyMap<string, NanosCheck> {
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, descriptorSet));
  const checks = new Map<string, NanosCheck>();
  for (const type of registry) {
    if (type.kind !== 'service') continue;
    for (const method of type.methods) {
      if (!holdsTimestamp(method.input)) continue;
      checks.set(`/${type.typeName}/${method.name}`, (bytes) => badNanos(bytes, method.input, ''));
    }
  }
  return checks;
}

function holdsTimestamp(message: DescMessage, seen = new Set<string>()): boolean {
  if (message.typeName === TIMESTAMP) return true;
  if (seen.has(message.typeName)) return false;
  seen.add(message.typeName);
  return message.fields.some((field) => {
    const inner = messageOf(field);
    return inner !== undefined && holdsTimestamp(inner, seen);
  });
}

// The message a field holds (a message field or a list of them); maps hold none in Vigil's requests.
function messageOf(field: DescField): DescMessage | undefined {
  if (field.fieldKind === 'message') return field.message;
  if (field.fieldKind === 'list' && field.listKind === 'message') return field.message;
  return undefined;
}

// The paths (snake_case, `events[3].timestamp`) of the Timestamps in `bytes` with nanos out of range.
function badNanos(bytes: Uint8Array, message: DescMessage, path: string): string[] {
  const reader = new BinaryReader(bytes);
  const found: string[] = [];
  const listIndex = new Map<number, number>();
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    const field = message.fields.find((f) => f.number === number);
    const inner = field && messageOf(field);
    if (!field || !inner || wireType !== WireType.LengthDelimited || !holdsTimestamp(inner)) {
      reader.skip(wireType);
      continue;
    }
    let fieldPath = path === '' ? field.name : `${path}.${field.name}`;
    if (field.fieldKind === 'list') {
      const index = listIndex.get(number) ?? 0;
      listIndex.set(number, index + 1);
      fieldPath = `${fieldPath}[${index}]`;
    }
    const value = reader.bytes();
    if (inner.typeName === TIMESTAMP) {
      if (!nanosInRange(value)) found.push(fieldPath);
    } else {
      found.push(...badNanos(value, inner, fieldPath));
    }
  }
  return found;
}

function nanosInRange(timestamp: Uint8Array): boolean {
  const reader = new BinaryReader(timestamp);
  let inRange = true;
  while (reader.pos < reader.len) {
    const [number, wireType] = reader.tag();
    if (number === NANOS_FIELD && wireType === WireType.Varint) {
      // The last occurrence wins, as in any protobuf decoder.
      const nanos = reader.int32();
      inRange = nanos >= 0 && nanos <= MAX_NANOS;
    } else {
      reader.skip(wireType);
    }
  }
  return inRange;
}
