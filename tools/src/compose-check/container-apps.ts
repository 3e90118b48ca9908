import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { ContainerApp } from './compose-problems.js';

/**
 * The apps under `<workspaceRoot>/apps` that have a Dockerfile, each with the
 * config schema its src/config.ts exports (the one z.object among its exports).
 */
export async function containerApps(workspaceRoot: string): Promise<ContainerApp[]> {
  const names = readdirSync(join(workspaceRoot, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(workspaceRoot, 'apps', entry.name, 'Dockerfile')))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      dockerfile: `apps/${name}/Dockerfile`,
      configSchema: await configSchemaOf(join(workspaceRoot, 'apps', name, 'src/config.ts')),
    })),
  );
}

async function configSchemaOf(path: string): Promise<z.ZodObject> {
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const schemas = Object.values(module).filter((value): value is z.ZodObject => value instanceof z.ZodObject);
  if (schemas.length !== 1)
    throw new Error(`${path} should export one z.object config schema, found ${schemas.length}`);
  return schemas[0] as z.ZodObject;
}
