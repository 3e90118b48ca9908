import { readFileSync } from 'node:fs';

/** One `packages` entry of an npm lockfile (v3), with the fields the pruning reads. */
export interface LockfileEntry {
  readonly name?: string;
  readonly version?: string;
  readonly link?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly optional?: boolean;
  readonly [field: string]: unknown;
}

/** An npm lockfile, `lockfileVersion` 3: every installed package keyed by its path. */
export interface Lockfile {
  readonly name: string;
  readonly version?: string;
  readonly lockfileVersion: number;
  readonly requires?: boolean;
  readonly packages: Readonly<Record<string, LockfileEntry>>;
}

export function readLockfile(path: string): Lockfile {
  const lock = JSON.parse(readFileSync(path, 'utf8')) as Lockfile;
  // v1 lockfiles keep the tree under `dependencies`; the pruning reads `packages` only.
  if (lock.lockfileVersion < 2 || typeof lock.packages !== 'object') {
    throw new Error(`${path}: lockfileVersion ${lock.lockfileVersion} has no "packages" map (npm 7+ writes one)`);
  }
  return lock;
}
