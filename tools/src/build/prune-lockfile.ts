import type { Lockfile, LockfileEntry } from './lockfile.js';

/** The root package of the pruned lockfile: the built output's package.json. */
interface PrunedRoot {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>>;
}

const ROOT = '';

/**
 * A lockfile for `root` cut out of the workspace's lockfile: exactly the
 * packages its dependencies reach, at the same paths and versions. Keeping
 * the paths keeps node's resolution unchanged (only entries are removed, so no
 * nearer copy can appear), which is what lets `npm ci` install the very tree
 * the tests ran against, offline from the registry's point of view.
 * Throws when a dependency is not in the lockfile or a required one of its
 * own does not resolve.
 */
export function pruneLockfile(workspace: Lockfile, root: PrunedRoot): Lockfile {
  const required = reach(
    workspace,
    Object.keys(root.dependencies).map((name) => ({ from: ROOT, name })),
    'required',
  );
  const optionalEdges = [...required].flatMap((path) => optionalEdgesOf(workspace, path));
  const optional = reach(workspace, optionalEdges, 'optional', required);

  const packages: Record<string, LockfileEntry> = { [ROOT]: rootEntry(root) };
  // In the workspace lockfile's order (npm's own: sorted by path) so diffs stay small.
  for (const [path, entry] of Object.entries(workspace.packages)) {
    if (!required.has(path) && !optional.has(path)) continue;
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...rest } = entry;
    packages[path] = optional.has(path) ? { ...rest, optional: true } : rest;
  }
  return { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages };
}

interface Edge {
  /** The path of the package that depends (ROOT for the output itself). */
  readonly from: string;
  readonly name: string;
}

// Walks dependencies and required peers from `start`; optional dependencies
// are left to the second walk so a package reached both ways counts as required.
function reach(lock: Lockfile, start: Edge[], kind: 'required' | 'optional', skip = new Set<string>()): Set<string> {
  const found = new Set<string>();
  const queue = [...start];
  for (let edge = queue.shift(); edge !== undefined; edge = queue.shift()) {
    const path = resolveInLockfile(lock, edge.from, edge.name);
    if (path === undefined) {
      if (kind === 'optional') continue; // an optional package npm did not install, e.g. another platform's
      throw new Error(`${edge.name} (needed by ${edge.from || 'the output'}) is not in the workspace lockfile`);
    }
    if (skip.has(path) || found.has(path)) continue;
    const entry = lock.packages[path];
    if (entry?.link) throw new Error(`${path} is a workspace link: bundle it instead of installing it`);
    found.add(path);
    queue.push(...requiredEdgesOf(lock, path));
    if (kind === 'optional') queue.push(...optionalEdgesOf(lock, path));
  }
  return found;
}

function requiredEdgesOf(lock: Lockfile, path: string): Edge[] {
  const entry = lock.packages[path] ?? {};
  const peers = Object.keys(entry.peerDependencies ?? {}).filter(
    (name) => !entry.peerDependenciesMeta?.[name]?.optional,
  );
  return [...Object.keys(entry.dependencies ?? {}), ...peers].map((name) => ({ from: path, name }));
}

function optionalEdgesOf(lock: Lockfile, path: string): Edge[] {
  return Object.keys(lock.packages[path]?.optionalDependencies ?? {}).map((name) => ({ from: path, name }));
}

/** Node's lookup over lockfile paths: `<from>/node_modules/<name>`, then each enclosing folder's. */
function resolveInLockfile(lock: Lockfile, from: string, name: string): string | undefined {
  for (let dir: string | undefined = from; dir !== undefined; dir = enclosingPackage(dir)) {
    const path = dir === ROOT ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[path] !== undefined) return path;
  }
  return undefined;
}

function enclosingPackage(path: string): string | undefined {
  if (path === ROOT) return undefined;
  const at = path.lastIndexOf('/node_modules/');
  return at === -1 ? ROOT : path.slice(0, at);
}

function rootEntry(root: PrunedRoot): LockfileEntry {
  return {
    name: root.name,
    version: root.version,
    dependencies: root.dependencies,
    ...(root.engines && { engines: root.engines }),
  };
}
