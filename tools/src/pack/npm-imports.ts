import { build } from 'esbuild';
import { npmPackagesImported } from '../build/npm-packages-imported.js';

/**
 * The npm packages that compiled JavaScript files import (statically or
 * not), found by letting esbuild resolve them without bundling anything.
 */
export async function npmImportsOf(entryPoints: readonly string[]): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [...entryPoints],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: '/nonexistent',
    logLevel: 'silent',
    plugins: [
      {
        name: 'every-bare-import-external',
        setup(setup) {
          setup.onResolve({ filter: /^[^./]/ }, ({ path, kind }) =>
            kind === 'entry-point' ? undefined : { path, external: true },
          );
        },
      },
    ],
  });
  return npmPackagesImported(metafile);
}
