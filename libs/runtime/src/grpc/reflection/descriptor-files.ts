import { fromBinary } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorProtoSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';

/** One .proto file of a FileDescriptorSet: its bytes exactly as `buf build` wrote them, and what they say. */
export interface DescriptorFile {
  readonly name: string;
  /** The serialized FileDescriptorProto, untouched: reflection sends these bytes. */
  readonly bytes: Uint8Array;
  readonly proto: FileDescriptorProto;
}

// FileDescriptorSet is `repeated FileDescriptorProto file = 1`.
const FILE_FIELD = 1;

/**
 * Splits a serialized FileDescriptorSet into its files without re-encoding
 * them: a decode-then-encode round trip could reorder or drop what the
 * decoder does not know, and the point is to serve what buf produced.
 */
export function readDescriptorFiles(descriptorSet: Uint8Array): DescriptorFile[] {
  const reader = new BinaryReader(descriptorSet);
  const files: DescriptorFile[] = [];
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag();
    if (field !== FILE_FIELD || wireType !== WireType.LengthDelimited) {
      reader.skip(wireType);
      continue;
    }
    const bytes = reader.bytes();
    const proto = fromBinary(FileDescriptorProtoSchema, bytes);
    files.push({ name: proto.name, bytes, proto });
  }
  return files;
}
