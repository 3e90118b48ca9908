// `--json`: protobuf's canonical JSON mapping (lowerCamelCase names, enum
// names, int64 as strings, RFC 3339 times), read by any protobuf runtime and
// by `vigil events send --file`. Fields at their default (0, "", false) are
// printed too, so a count of 0 reads as 0 rather than as missing.
import { readFileSync } from 'node:fs';
import { createFileRegistry, fromBinary, toJson, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSetPath } from '@vigil/contracts';

interface Encodable<T> {
  encode(message: T): { finish(): Uint8Array };
}

let registry: Registry | undefined;

/** `message` (a generated ts-proto value of the protobuf type `typeName`) in the JSON mapping. */
export function protoJson<T>(typeName: string, type: Encodable<T>, message: T): JsonValue {
  registry ??= createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath)));
  const schema = registry.getMessage(typeName);
  if (!schema) throw new Error(`the contracts have no message ${typeName}`);
  return toJson(schema, fromBinary(schema, type.encode(message).finish()), { alwaysEmitImplicit: true, registry });
}
