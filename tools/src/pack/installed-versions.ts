import type { Lockfile } from '../build/lockfile.js';

/** Each package's version as installed in the workspace (what the tests ran on); throws for one not installed. */
export function installedVersions(lock: Lockfile, packages: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    packages.map((pkg) => {
      const version = lock.packages[`node_modules/${pkg}`]?.version;
      if (version === undefined) throw new Error(`${pkg} is not installed in the workspace (package-lock.json)`);
      return [pkg, version];
    }),
  );
}
