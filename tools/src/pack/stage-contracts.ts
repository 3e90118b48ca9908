import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLockfile } from '../build/lockfile.js';
import { installedVersions } from './installed-versions.js';
import { npmImportsOf } from './npm-imports.js';
import { runTsc } from './run-tsc.js';
import { compiledExports, dependencyRanges, packedManifest, type SourceManifest } from './packed-manifest.js';

/**
 * Stages @vigil/contracts for `npm pack` in `stagedDir`: the sources compiled
 * to ESM JavaScript with .d.ts (`dist/`), the .proto sources (`proto/`) and
 * the descriptor set buf built, and a package.json whose exports point at
 * `dist/`. The workspace keeps importing the TypeScript sources.
 */
export async function stageContracts(workspaceRoot: string, stagedDir: string): Promise<void> {
  const lib = join(workspaceRoot, 'libs/contracts');
  await rm(stagedDir, { recursive: true, force: true });
  await mkdir(stagedDir, { recursive: true });
  await runTsc(workspaceRoot, join(lib, 'tsconfig.pack.json'), ['--outDir', join(stagedDir, 'dist')]);
  await cp(join(lib, 'descriptor-set.binpb'), join(stagedDir, 'descriptor-set.binpb'));
  await cp(join(workspaceRoot, 'proto'), join(stagedDir, 'proto'), {
    recursive: true,
    filter: (source) => !/\.(binpb|json|md)$/.test(source),
  });
  await cp(join(lib, 'README.md'), join(stagedDir, 'README.md'));
  const source = JSON.parse(await readFile(join(lib, 'package.json'), 'utf8')) as SourceManifest;
  const compiled = (await readdir(join(stagedDir, 'dist'), { recursive: true }))
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(stagedDir, 'dist', file));
  const imports = await npmImportsOf(compiled);
  const lock = readLockfile(join(workspaceRoot, 'package-lock.json'));
  const manifest = packedManifest({
    source,
    exports: {
      ...compiledExports(source.exports),
      './descriptor-set.binpb': './descriptor-set.binpb',
      './proto/*': './proto/*',
    },
    files: ['dist', 'proto', 'descriptor-set.binpb', 'README.md'],
    // A library callers share: a compatible grpc-js or protobuf runtime of theirs is used.
    dependencies: dependencyRanges(installedVersions(lock, imports), 'caret'),
  });
  await writeFile(join(stagedDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
