import type { DescriptorProto, EnumDescriptorProto, FieldDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { DescriptorFile } from './descriptor-files.js';

/** Where each fully-qualified name and extension of a set of files is declared. */
export interface SymbolTable {
  /** The file declaring a package-qualified symbol (service, method, message, field, enum, value, extension). */
  readonly fileOfSymbol: ReadonlyMap<string, string>;
  /** The file declaring extension `number` of message `extendee` (key: `extendee#number`). */
  readonly fileOfExtension: ReadonlyMap<string, string>;
  /** Extension numbers declared for each extended message. */
  readonly extensionNumbers: ReadonlyMap<string, readonly number[]>;
  /** Every message type's full name. */
  readonly messages: ReadonlySet<string>;
}

export const extensionKey = (extendee: string, number: number): string => `${extendee}#${number}`;

/** Indexes the symbols of `files` the way protobuf scopes them (an enum's values are its siblings). */
export function buildSymbolTable(files: readonly DescriptorFile[]): SymbolTable {
  const fileOfSymbol = new Map<string, string>();
  const fileOfExtension = new Map<string, string>();
  const extensionNumbers = new Map<string, number[]>();
  const messages = new Set<string>();
  for (const { name: file, proto } of files) {
    const declare = (symbol: string): void => void fileOfSymbol.set(symbol, file);
    const extensions = (scope: string, fields: readonly FieldDescriptorProto[]): void => {
      for (const extension of fields) {
        declare(qualify(scope, extension.name));
        const extendee = extension.extendee.replace(/^\./, '');
        fileOfExtension.set(extensionKey(extendee, extension.number), file);
        extensionNumbers.set(extendee, [...(extensionNumbers.get(extendee) ?? []), extension.number]);
      }
    };
    const enums = (scope: string, types: readonly EnumDescriptorProto[]): void => {
      for (const type of types) {
        const full = qualify(scope, type.name);
        declare(full);
        for (const value of type.value) {
          declare(qualify(scope, value.name));
          declare(qualify(full, value.name));
        }
      }
    };
    const message = (scope: string, type: DescriptorProto): void => {
      const full = qualify(scope, type.name);
      declare(full);
      messages.add(full);
      for (const field of type.field) declare(qualify(full, field.name));
      for (const oneof of type.oneofDecl) declare(qualify(full, oneof.name));
      for (const nested of type.nestedType) message(full, nested);
      enums(full, type.enumType);
      extensions(full, type.extension);
    };
    for (const type of proto.messageType) message(proto.package, type);
    enums(proto.package, proto.enumType);
    extensions(proto.package, proto.extension);
    for (const service of proto.service) {
      const full = qualify(proto.package, service.name);
      declare(full);
      for (const method of service.method) declare(qualify(full, method.name));
    }
  }
  return { fileOfSymbol, fileOfExtension, extensionNumbers, messages };
}

function qualify(scope: string, name: string): string {
  return scope === '' ? name : `${scope}.${name}`;
}
