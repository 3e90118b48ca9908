import type { DescriptorFile } from './descriptor-files.js';
import { buildSymbolTable, extensionKey } from './symbol-table.js';

/** What one server's reflection can tell: its services, and the files that describe them. */
export interface ReflectionCatalog {
  /** The services this server answers, sorted: what `list` shows. */
  readonly services: readonly string[];
  /** The named file followed by every file it imports, directly or not; undefined when not served here. */
  fileByName(name: string): Uint8Array[] | undefined;
  /** The file declaring `symbol` (e.g. `pkg.Service`, `pkg.Service.Method`, `pkg.Message`) and its imports. */
  fileContainingSymbol(symbol: string): Uint8Array[] | undefined;
  /** The file declaring extension `number` of message `extendee`, and its imports. */
  fileContainingExtension(extendee: string, number: number): Uint8Array[] | undefined;
  /** The extension numbers declared for message `type`; undefined when no such message is served here. */
  extensionNumbersOf(type: string): readonly number[] | undefined;
}

/**
 * A catalog over exactly the files a server needs: the ones declaring its
 * services and everything they import. Other services of the same
 * descriptor set stay invisible, so a client never finds a service here
 * that this port would answer with UNIMPLEMENTED. Throws when a service or
 * an import is missing from `files`: reflection must describe completely.
 */
export function createReflectionCatalog(
  files: readonly DescriptorFile[],
  services: readonly string[],
): ReflectionCatalog {
  const byName = new Map(files.map((file) => [file.name, file]));
  const table = buildSymbolTable(files);
  const served = new Set<string>();
  const serve = (name: string, importedBy: string): void => {
    if (served.has(name)) return;
    const file = byName.get(name);
    if (file === undefined) throw new Error(`the descriptor set lacks ${name}, imported by ${importedBy}`);
    served.add(name);
    for (const dependency of file.proto.dependency) serve(dependency, name);
  };
  for (const service of services) {
    const file = table.fileOfSymbol.get(service);
    if (file === undefined) throw new Error(`the descriptor set does not describe the service ${service}`);
    serve(file, service);
  }

  const withImports = (name: string | undefined): Uint8Array[] | undefined => {
    if (name === undefined || !served.has(name)) return undefined;
    const ordered: string[] = [];
    const visit = (file: string): void => {
      if (ordered.includes(file)) return;
      ordered.push(file);
      for (const dependency of byName.get(file)?.proto.dependency ?? []) visit(dependency);
    };
    visit(name);
    return ordered.map((file) => (byName.get(file) as DescriptorFile).bytes);
  };
  const servedSymbol = (symbol: string): string | undefined => {
    const file = table.fileOfSymbol.get(symbol.replace(/^\./, ''));
    return file !== undefined && served.has(file) ? file : undefined;
  };

  return {
    services: [...services].sort(),
    fileByName: (name) => withImports(name),
    fileContainingSymbol: (symbol) => withImports(servedSymbol(symbol)),
    fileContainingExtension: (extendee, number) =>
      withImports(table.fileOfExtension.get(extensionKey(extendee.replace(/^\./, ''), number))),
    extensionNumbersOf(type) {
      const name = type.replace(/^\./, '');
      if (!table.messages.has(name) || servedSymbol(name) === undefined) return undefined;
      return table.extensionNumbers.get(name) ?? [];
    },
  };
}
