import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The app folders of the built bundles, in start order (each needs the one before). */
export const SERVICE_APPS = {
  ingest: 'ingest',
  incidents: 'incidents',
  scheduler: 'snapshot-scheduler',
} as const;

/**
 * Where the built services are: `servicesDir` if given, else the bundles
 * packed beside this module (`dist/services/<app>/main.js`). Throws when one
 * is missing, naming what to build.
 */
export function serviceMainFiles(servicesDir?: string): Record<keyof typeof SERVICE_APPS, string> {
  const dir = servicesDir ?? join(import.meta.dirname, 'services');
  const mains = {
    ingest: join(dir, SERVICE_APPS.ingest, 'main.js'),
    incidents: join(dir, SERVICE_APPS.incidents, 'main.js'),
    scheduler: join(dir, SERVICE_APPS.scheduler, 'main.js'),
  };
  const missing = Object.values(mains).filter((main) => !existsSync(main));
  if (missing.length > 0)
    throw new Error(
      `the built Vigil services are missing (${missing.join(', ')}): install the packed @vigil/testkit, ` +
        'or pass servicesDir: a folder with the output of `npm run build` (dist/apps) in the Vigil repository',
    );
  return mains;
}
