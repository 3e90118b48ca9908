// The run's fresh databases, vigil_bench_<run>_<service> on one PostgreSQL
// server. The services create and migrate theirs at start; graphile-worker's
// is created here. All are dropped at the end (WITH (FORCE): a crashed
// process's connections must not keep one alive).
import pg from 'pg';

export type BenchDatabaseRole = 'ingest' | 'incidents' | 'scheduler' | 'graphile';

export interface BenchDatabases {
  name(role: BenchDatabaseRole): string;
  url(role: BenchDatabaseRole): string;
  create(role: BenchDatabaseRole): Promise<void>;
  dropAll(): Promise<void>;
}

const ROLES: readonly BenchDatabaseRole[] = ['ingest', 'incidents', 'scheduler', 'graphile'];

export function benchDatabases(adminUrl: string, runId: string): BenchDatabases {
  const name = (role: BenchDatabaseRole) => `vigil_bench_${runId}_${role}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name,
    url(role) {
      const url = new URL(adminUrl);
      url.pathname = `/${name(role)}`;
      return url.toString();
    },
    create: (role) => admin(`CREATE DATABASE ${pg.escapeIdentifier(name(role))}`),
    async dropAll() {
      for (const role of ROLES) await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name(role))} WITH (FORCE)`);
    },
  };
}
