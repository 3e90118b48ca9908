import pg from 'pg';
import { databaseUrl, dropDatabase, withConnection } from '@vigil/testing/harness';
import type { VigilServiceName } from './vigil-options.js';

/** One database per service, each created empty (the service migrates it at start). */
export interface VigilDatabases {
  readonly urls: Readonly<Record<VigilServiceName, string>>;
  drop(): Promise<void>;
}

const SERVICES: readonly VigilServiceName[] = ['ingest', 'incidents', 'scheduler'];

/** Creates `vigil_tk_<suffix>_<service>` for each service; `drop()` removes them, connections or not. */
export async function createVigilDatabases(adminUrl: string, suffix: string): Promise<VigilDatabases> {
  const names = Object.fromEntries(SERVICES.map((s) => [s, `vigil_tk_${suffix}_${s}`])) as Record<
    VigilServiceName,
    string
  >;
  const drop = () =>
    withConnection(adminUrl, async (admin) => {
      for (const name of Object.values(names)) await dropDatabase(admin, name);
    });
  try {
    await withConnection(adminUrl, async (admin) => {
      for (const name of Object.values(names)) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    });
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return {
    urls: Object.fromEntries(SERVICES.map((s) => [s, databaseUrl(adminUrl, names[s])])) as Record<
      VigilServiceName,
      string
    >,
    drop,
  };
}
