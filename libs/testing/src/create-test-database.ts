import pg from 'pg';
import { withConnection } from './with-connection.js';
import { databaseUrl, testDatabaseName } from './database-names.js';
import { dropDatabase } from './drop-database.js';
import { getTestInfrastructure } from './get-test-infrastructure.js';
import { randomSuffix } from './random-suffix.js';
import { ensureTemplateDatabase, type TestDatabaseTemplate } from './template-database.js';

export interface TestDatabaseOptions {
  /** Clone this template (prepared once per key) instead of starting empty. */
  readonly template?: TestDatabaseTemplate;
}

/** A database of its own for one test file. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database, disconnecting any client still connected; safe to call twice. */
  readonly drop: () => Promise<void>;
}

/** Creates a uniquely named database, empty or cloned from the template. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const { postgresAdminUrl } = await getTestInfrastructure();
  const template =
    options.template === undefined ? undefined : await ensureTemplateDatabase(postgresAdminUrl, options.template);
  const name = testDatabaseName(randomSuffix());
  const from = template === undefined ? '' : ` TEMPLATE ${pg.escapeIdentifier(template)}`;
  await withConnection(postgresAdminUrl, (admin) => admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${from}`));
  return {
    name,
    url: databaseUrl(postgresAdminUrl, name),
    drop: () => withConnection(postgresAdminUrl, (admin) => dropDatabase(admin, name)),
  };
}
