import { isBuiltin } from 'node:module';
import type { Metafile } from 'esbuild';

/**
 * The npm packages a bundle imports at run time, by package name, sorted:
 * every external import of every output file, `@scope/name/sub` and
 * `name/sub` reduced to the package, Node's own modules left out.
 */
export function npmPackagesImported(metafile: Metafile): string[] {
  const packages = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || isBuiltin(path)) continue;
      packages.add(packageNameOf(path));
    }
  }
  return [...packages].sort();
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (!name || (specifier.startsWith('@') && parts.length < 2)) {
    throw new Error(`"${specifier}" is not an npm package specifier`);
  }
  return name;
}
