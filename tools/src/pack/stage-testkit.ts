import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { buildServiceOutput } from '../build/build-service-output.js';
import { readLockfile } from '../build/lockfile.js';
import { npmPackagesImported } from '../build/npm-packages-imported.js';
import { installedVersions } from './installed-versions.js';
import { dependencyRanges, packedManifest, type SourceManifest } from './packed-manifest.js';
import { runTsc } from './run-tsc.js';

const SERVICE_APPS = ['ingest', 'incidents', 'snapshot-scheduler'] as const;
/** The public declarations: what index.d.ts reaches. None may name @vigil/testing (it is bundled, not shipped). */
const PUBLIC_DECLARATIONS = ['index.d.ts', 'start-vigil.d.ts', 'vigil-options.d.ts'];
/** Imported lazily, only when containers are asked for: optional peers the caller installs for that. */
const CONTAINER_PACKAGES = ['testcontainers', '@testcontainers/postgresql'];

/** Bundles @vigil/testing (private) into the testkit; every other package stays an import. */
const bundleOnlyTheHarness: Plugin = {
  name: 'bundle-only-the-harness',
  setup(setup) {
    setup.onResolve({ filter: /^[^./]/ }, ({ path, kind }) =>
      kind === 'entry-point' || path.startsWith('@vigil/testing') ? undefined : { path, external: true },
    );
  },
};

/**
 * Stages @vigil/testkit for `npm pack` in `stagedDir`: its code as one ESM
 * bundle with its declarations (`dist/`), and the three services built as
 * they ship (`dist/services/<app>/main.js` + descriptor set), whose npm
 * packages become the testkit's dependencies, pinned to the versions the
 * workspace tested.
 */
export async function stageTestkit(workspaceRoot: string, stagedDir: string): Promise<void> {
  const lib = join(workspaceRoot, 'libs/testkit');
  const dist = join(stagedDir, 'dist');
  await rm(stagedDir, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  const { metafile } = await build({
    entryPoints: [join(lib, 'src/index.ts')],
    outfile: join(dist, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: 'warning',
    plugins: [bundleOnlyTheHarness],
  });
  await stageDeclarations(workspaceRoot, lib, stagedDir, dist);
  const serviceDependencies: Record<string, string> = {};
  for (const app of SERVICE_APPS) {
    const outDir = join(dist, 'services', app);
    const { dependencies } = await buildServiceOutput({ app, workspaceRoot, outDir });
    Object.assign(serviceDependencies, dependencies);
    for (const file of ['package-lock.json', 'health-probe.js', 'health-probe.js.map']) await rm(join(outDir, file));
  }
  const lock = readLockfile(join(workspaceRoot, 'package-lock.json'));
  const imported = npmPackagesImported(metafile).filter((pkg) => pkg !== '@vigil/contracts');
  const source = JSON.parse(await readFile(join(lib, 'package.json'), 'utf8')) as SourceManifest;
  const contracts = JSON.parse(await readFile(join(workspaceRoot, 'libs/contracts/package.json'), 'utf8')) as {
    version: string;
  };
  const runs = installedVersions(
    lock,
    imported.filter((pkg) => !CONTAINER_PACKAGES.includes(pkg)),
  );
  const manifest = packedManifest({
    source,
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist', 'README.md'],
    // What the services and the harness run on: exactly what the workspace tested.
    dependencies: {
      ...dependencyRanges({ ...serviceDependencies, ...runs }, 'exact'),
      '@vigil/contracts': `^${contracts.version}`,
    },
    peerDependencies: dependencyRanges(installedVersions(lock, CONTAINER_PACKAGES), 'caret'),
    optionalPeers: CONTAINER_PACKAGES,
  });
  await cp(join(lib, 'README.md'), join(stagedDir, 'README.md'));
  await writeFile(join(stagedDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function stageDeclarations(workspaceRoot: string, lib: string, stagedDir: string, dist: string): Promise<void> {
  const declarations = join(stagedDir, 'declarations');
  await runTsc(workspaceRoot, join(lib, 'tsconfig.pack.json'), ['--declarationDir', declarations]);
  for (const file of PUBLIC_DECLARATIONS) {
    const text = await readFile(join(declarations, 'libs/testkit/src', file), 'utf8');
    if (text.includes('@vigil/testing'))
      throw new Error(
        `${file} names @vigil/testing, which the packed testkit does not ship: keep it out of the public types`,
      );
    await writeFile(join(dist, file), text);
  }
  await rm(declarations, { recursive: true, force: true });
}
