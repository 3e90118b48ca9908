import type { Plugin } from 'esbuild';

const WORKSPACE_SCOPE = '@vigil/';

/**
 * Leaves every npm package to be imported from node_modules at run time and
 * bundles the workspace's own libs (`@vigil/*`, TypeScript source that node
 * cannot load from node_modules). esbuild's `packages: 'external'` would
 * externalise the workspace libs too.
 */
export const externalNpmPackages: Plugin = {
  name: 'vigil-external-npm-packages',
  setup(build) {
    // A bare specifier: neither relative (./, ../) nor absolute.
    build.onResolve({ filter: /^[^./]/ }, ({ path, kind }) => {
      if (kind === 'entry-point' || path.startsWith(WORKSPACE_SCOPE)) return undefined;
      return { path, external: true };
    });
  },
};
