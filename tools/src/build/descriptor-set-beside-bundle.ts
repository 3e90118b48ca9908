import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';

/** The file's name in libs/contracts and beside every built main.js. */
export const DESCRIPTOR_SET_FILE = 'descriptor-set.binpb';

/**
 * @vigil/contracts finds its descriptor set relative to its own source file
 * (`libs/contracts/src/../descriptor-set.binpb`). Bundled, that module's
 * `import.meta.dirname` is the output folder, so the build copies the file
 * there and gives the module this one-line body instead of teaching the
 * library about bundles. The module's exports must stay as they are: a
 * renamed export fails the bundle ("No matching export"), a moved file fails
 * the build here.
 */
export function descriptorSetBesideBundle(workspaceRoot: string): Plugin {
  const module = join(workspaceRoot, 'libs/contracts/src/descriptor-set-path.ts');
  // esbuild reports real paths; the workspace may be reached through a symlink.
  const modulePath = existsSync(module) ? realpathSync(module) : module;
  return {
    name: 'vigil-descriptor-set-beside-bundle',
    setup(build) {
      build.onStart(() => {
        if (!existsSync(module)) return { errors: [{ text: `${module} is gone: update ${import.meta.filename}` }] };
        return undefined;
      });
      build.onLoad({ filter: /descriptor-set-path\.ts$/ }, ({ path }) => {
        if (path !== modulePath) return undefined;
        return {
          loader: 'ts',
          contents: [
            `import { join } from 'node:path';`,
            `export const descriptorSetPath = join(import.meta.dirname, ${JSON.stringify(DESCRIPTOR_SET_FILE)});`,
          ].join('\n'),
        };
      });
    },
  };
}
