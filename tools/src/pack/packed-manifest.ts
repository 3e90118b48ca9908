// The package.json of a packed package: the workspace manifest with its
// TypeScript-source exports pointed at the compiled output, workspace-only
// fields dropped, and its npm dependencies pinned from the lockfile.

/** The workspace package.json fields a packed manifest starts from. */
export interface SourceManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly exports: Readonly<Record<string, string>>;
}

interface ConditionalExport {
  readonly types: string;
  readonly default: string;
}

/** `./src/ingest.ts` → `{ types: './dist/ingest.d.ts', default: './dist/ingest.js' }`. */
export function compiledExports(exports: Readonly<Record<string, string>>): Record<string, ConditionalExport> {
  return Object.fromEntries(
    Object.entries(exports).map(([subpath, source]) => {
      const match = /^\.\/src\/(.+)\.ts$/.exec(source);
      if (!match?.[1]) throw new Error(`export ${subpath} → ${source} is not a ./src/*.ts module`);
      return [subpath, { types: `./dist/${match[1]}.d.ts`, default: `./dist/${match[1]}.js` }];
    }),
  );
}

/** Which version range a packed package asks for: `^` for a library others share, exact for what it runs. */
export type RangeStyle = 'caret' | 'exact';

/** `{ pkg: installedVersion }` → the dependency ranges a packed manifest declares. */
export function dependencyRanges(
  installed: Readonly<Record<string, string>>,
  style: RangeStyle,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(installed)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([pkg, version]) => [pkg, style === 'caret' ? `^${version}` : version]),
  );
}

interface PackedManifestInput {
  readonly source: SourceManifest;
  readonly exports: Record<string, unknown>;
  readonly files: readonly string[];
  readonly dependencies: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalPeers?: readonly string[];
  readonly bin?: Record<string, string>;
}

export function packedManifest(input: PackedManifestInput): Record<string, unknown> {
  const { source, peerDependencies = {}, optionalPeers = [] } = input;
  return {
    name: source.name,
    version: source.version,
    description: source.description,
    license: 'UNLICENSED',
    type: 'module',
    // import.meta.dirname (the descriptor set, the bundled services) needs 20.11;
    // the services the testkit runs need 22.17, which it checks at start.
    engines: { node: '>=20.11' },
    exports: { ...input.exports, './package.json': './package.json' },
    ...(input.bin && { bin: input.bin }),
    files: input.files,
    dependencies: input.dependencies,
    ...(Object.keys(peerDependencies).length > 0 && {
      peerDependencies,
      peerDependenciesMeta: Object.fromEntries(optionalPeers.map((pkg) => [pkg, { optional: true }])),
    }),
  };
}
