import pg from 'pg';
import { withConnection } from './with-connection.js';
import { databaseUrl, templateDatabaseName } from './database-names.js';
import { dropDatabase } from './drop-database.js';

/** A database state worth building once and cloning per test file (e.g. the migrated schema). */
export interface TestDatabaseTemplate {
  /** Names the template; change it whenever `prepare` would build something else (e.g. a hash of the migrations). */
  readonly key: string;
  /** Builds the template's contents in the (empty) database at `databaseUrl`; must close its connections. */
  readonly prepare: (databaseUrl: string) => Promise<void>;
}

// Set only after prepare() succeeded: a template without it is from a run that
// died half-way, and is rebuilt rather than cloned.
const READY_MARKER = 'vigil test template: ready';

type TemplateState = 'missing' | 'unfinished' | 'ready';

/**
 * Makes sure the template database for `template.key` exists and is fully
 * prepared, and returns its name. Every vitest worker (and every vitest
 * process of a parallel `nx run-many`) may call this at once: a PostgreSQL
 * advisory lock lets one prepare while the others wait, then reuse it.
 */
export async function ensureTemplateDatabase(adminUrl: string, template: TestDatabaseTemplate): Promise<string> {
  const name = templateDatabaseName(template.key);
  const lockKey = `vigil-test-template:${name}`;
  await withConnection(adminUrl, async (admin) => {
    // A session lock, not a transaction lock: CREATE DATABASE cannot run inside
    // a transaction. If this process dies, closing the connection releases it.
    await admin.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    try {
      const state = await templateState(admin, name);
      if (state === 'ready') return;
      if (state === 'unfinished') await dropDatabase(admin, name);
      await buildTemplate(admin, adminUrl, name, template.prepare);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch(() => undefined);
    }
  });
  return name;
}

async function templateState(admin: pg.Client, name: string): Promise<TemplateState> {
  const result = await admin.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [name],
  );
  const row = result.rows[0];
  if (row === undefined) return 'missing';
  return row.comment === READY_MARKER ? 'ready' : 'unfinished';
}

async function buildTemplate(
  admin: pg.Client,
  adminUrl: string,
  name: string,
  prepare: TestDatabaseTemplate['prepare'],
): Promise<void> {
  const identifier = pg.escapeIdentifier(name);
  await admin.query(`CREATE DATABASE ${identifier}`);
  try {
    await prepare(databaseUrl(adminUrl, name));
    // Cloning fails while anyone is connected to the template, so nobody may connect any more.
    await admin.query(`ALTER DATABASE ${identifier} WITH ALLOW_CONNECTIONS false`);
    await admin.query(`COMMENT ON DATABASE ${identifier} IS ${pg.escapeLiteral(READY_MARKER)}`);
  } catch (error) {
    await dropDatabase(admin, name).catch(() => undefined);
    throw error;
  }
}
