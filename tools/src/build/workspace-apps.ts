import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root, three levels above this folder (tools/src/build). */
export const WORKSPACE_ROOT = join(import.meta.dirname, '../../..');

/**
 * The apps under apps/ that have a process entry point (`src/main.ts`), by
 * folder name, sorted: the ones a build produces a runnable output for.
 */
export function appsWithEntryPoint(workspaceRoot: string = WORKSPACE_ROOT): string[] {
  const appsDir = join(workspaceRoot, 'apps');
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'src/main.ts')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The apps with an entry point that serve gRPC (a `src/grpc` folder) and so
 * have a database and `main.js migrate`: every one but sentry-relay, which
 * serves HTTP and stores through ingest.
 */
export function appsServingGrpc(workspaceRoot: string = WORKSPACE_ROOT): string[] {
  return appsWithEntryPoint(workspaceRoot).filter((app) => existsSync(join(workspaceRoot, 'apps', app, 'src/grpc')));
}
