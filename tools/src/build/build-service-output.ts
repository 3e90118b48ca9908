import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DESCRIPTOR_SET_FILE, descriptorSetBesideBundle } from './descriptor-set-beside-bundle.js';
import { externalNpmPackages } from './external-npm-packages.js';
import { readLockfile } from './lockfile.js';
import { npmPackagesImported } from './npm-packages-imported.js';
import { outputManifest, type WorkspaceManifest } from './output-manifest.js';
import { pruneLockfile } from './prune-lockfile.js';
import { WORKSPACE_ROOT } from './workspace-apps.js';

interface BuildServiceOptions {
  /** The folder name under apps/, e.g. `ingest`. */
  readonly app: string;
  readonly workspaceRoot?: string;
  /** Where the output goes; `dist/apps/<app>` by default. Emptied first. */
  readonly outDir?: string;
}

interface BuiltService {
  readonly outDir: string;
  /** The output's package.json dependencies: package → exact version. */
  readonly dependencies: Readonly<Record<string, string>>;
}

/**
 * Builds one app into a folder that runs on its own:
 * `main.js` (the app with the workspace libs bundled in, npm packages left as
 * imports), `health-probe.js` (for container healthchecks), their source maps,
 * the contracts' descriptor set (for gRPC reflection), and a package.json plus
 * package-lock.json listing only the npm packages those two files import, so
 * `npm ci --omit=dev && node main.js` works there and nowhere needs the workspace.
 */
export async function buildServiceOutput(options: BuildServiceOptions): Promise<BuiltService> {
  const { app, workspaceRoot = WORKSPACE_ROOT } = options;
  const outDir = options.outDir ?? join(workspaceRoot, 'dist/apps', app);
  const appDir = join(workspaceRoot, 'apps', app);
  const entry = join(appDir, 'src/main.ts');
  if (!existsSync(entry)) throw new Error(`apps/${app} has no src/main.ts to build`);

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const { metafile } = await build({
    entryPoints: { main: entry, 'health-probe': join(import.meta.dirname, 'health-probe.ts') },
    outdir: outDir,
    absWorkingDir: workspaceRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [externalNpmPackages, descriptorSetBesideBundle(workspaceRoot)],
  });
  await copyFile(join(workspaceRoot, 'libs/contracts', DESCRIPTOR_SET_FILE), join(outDir, DESCRIPTOR_SET_FILE));

  const appManifest = await readJson<{ name: string; version: string }>(join(appDir, 'package.json'));
  const lock = readLockfile(join(workspaceRoot, 'package-lock.json'));
  const manifest = outputManifest({
    name: appManifest.name,
    version: appManifest.version,
    packages: npmPackagesImported(metafile),
    workspace: await readJson<WorkspaceManifest>(join(workspaceRoot, 'package.json')),
    lock,
  });
  await writeJson(join(outDir, 'package.json'), manifest);
  await writeJson(join(outDir, 'package-lock.json'), pruneLockfile(lock, manifest));
  return { outDir, dependencies: manifest.dependencies };
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
