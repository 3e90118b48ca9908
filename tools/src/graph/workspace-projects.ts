// Reads the workspace's projects from disk: every npm workspace member
// (apps/*, libs/*, tools) with its package name and Nx name, and its source
// files. I/O only; the edges are computed by import-edges.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ProjectSources } from './import-edges.js';

export interface WorkspaceProject extends ProjectSources {
  /** The npm package name, e.g. `@vigil/ingest`. */
  readonly packageName: string;
  /** The folder, relative to the workspace root. */
  readonly root: string;
}

const SOURCE_FILE = /\.(ts|mts|js|mjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', '.nx']);

function sourceFiles(workspaceRoot: string, dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(workspaceRoot, path);
    return SOURCE_FILE.test(entry.name)
      ? [{ path: relative(workspaceRoot, path), text: readFileSync(path, 'utf8') }]
      : [];
  });
}

/** The workspace members listed in the root package.json (globs of the form `dir/*` or plain folders). */
export function workspaceProjects(workspaceRoot: string): WorkspaceProject[] {
  const rootManifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  const roots = rootManifest.workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(workspaceRoot, pattern.slice(0, -2)))
          .map((name) => join(pattern.slice(0, -2), name))
          .filter((dir) => statSync(join(workspaceRoot, dir)).isDirectory())
      : [pattern],
  );
  return roots.map((root) => {
    const manifest = JSON.parse(readFileSync(join(workspaceRoot, root, 'package.json'), 'utf8')) as {
      name: string;
      nx?: { name?: string };
    };
    return {
      root,
      packageName: manifest.name,
      name: manifest.nx?.name ?? manifest.name,
      files: sourceFiles(workspaceRoot, join(workspaceRoot, root)),
    };
  });
}
