import type { Lockfile } from './lockfile.js';

/** The workspace root package.json fields the output's dependencies come from. */
export interface WorkspaceManifest {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** The package.json written beside a built service's main.js. */
interface OutputManifest {
  readonly name: string;
  readonly version: string;
  readonly private: true;
  readonly type: 'module';
  readonly engines: { readonly node: string };
  readonly main: string;
  readonly scripts: { readonly start: string };
  readonly dependencies: Readonly<Record<string, string>>;
}

interface OutputManifestInput {
  /** The app's own package name and version, e.g. `@vigil/ingest`, `0.1.0`. */
  readonly name: string;
  readonly version: string;
  /** The npm packages the bundle imports (see npmPackagesImported). */
  readonly packages: readonly string[];
  readonly workspace: WorkspaceManifest;
  readonly lock: Lockfile;
}

/**
 * The output's package.json: only the npm packages the bundle imports, each
 * pinned to the version installed in the workspace (what the tests ran on).
 * A package the workspace does not declare as a runtime dependency is a
 * mistake in the workspace, and fails the build rather than ship unpinned.
 */
export function outputManifest({ name, version, packages, workspace, lock }: OutputManifestInput): OutputManifest {
  const dependencies: Record<string, string> = {};
  for (const pkg of packages) {
    if (workspace.dependencies?.[pkg] === undefined) {
      const where =
        workspace.devDependencies?.[pkg] === undefined ? 'does not declare it' : 'declares it as a devDependency only';
      throw new Error(`${name} imports ${pkg} at run time, but the workspace package.json ${where}`);
    }
    const installed = lock.packages[`node_modules/${pkg}`]?.version;
    if (installed === undefined)
      throw new Error(`${pkg} is not installed at node_modules/${pkg} in the workspace lockfile`);
    dependencies[pkg] = installed;
  }
  return {
    name,
    version,
    private: true,
    type: 'module',
    engines: { node: '>=24' },
    main: 'main.js',
    // Source maps point stack traces at the TypeScript sources.
    scripts: { start: 'node --enable-source-maps main.js' },
    dependencies,
  };
}
