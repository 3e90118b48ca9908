import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './create-test-database.js';
import { templateDatabaseName } from './database-names.js';
import { dropDatabase } from './drop-database.js';
import { getTestInfrastructure } from './get-test-infrastructure.js';
import { randomSuffix } from './random-suffix.js';
import type { TestDatabaseTemplate } from './template-database.js';
import { withConnection } from './with-connection.js';

/** A template that records each preparation, so the test can count them. */
function countingTemplate(key: string): TestDatabaseTemplate & { preparations: string[] } {
  const preparations: string[] = [];
  return {
    key,
    preparations,
    prepare: async (url) => {
      preparations.push(url);
      await withConnection(url, async (client) => {
        await client.query('CREATE TABLE schema_version (version integer NOT NULL)');
        await client.query('INSERT INTO schema_version VALUES (3)');
      });
    },
  };
}

async function schemaVersions(database: TestDatabase): Promise<number[]> {
  const result = await withConnection(database.url, (client) =>
    client.query<{ version: number }>('SELECT version FROM schema_version'),
  );
  return result.rows.map((row) => row.version);
}

describe('createTestDatabase with a template', () => {
  const keys: string[] = [];
  const databases: TestDatabase[] = [];
  const uniqueKey = () => {
    const key = `harness-template-${randomSuffix()}`;
    keys.push(key);
    return key;
  };

  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
    const { postgresAdminUrl } = await getTestInfrastructure();
    await withConnection(postgresAdminUrl, async (admin) => {
      for (const key of keys) await dropDatabase(admin, templateDatabaseName(key));
    });
  });

  it('prepares the template once when two databases are created from it at the same time', async () => {
    const template = countingTemplate(uniqueKey());
    const created = await Promise.all([createTestDatabase({ template }), createTestDatabase({ template })]);
    databases.push(...created);

    expect(template.preparations).toHaveLength(1);
    expect(created[0]?.name).not.toBe(created[1]?.name);
    for (const database of created) expect(await schemaVersions(database)).toEqual([3]);
  });

  it('gives each clone its own copy of the template', async () => {
    const template = countingTemplate(uniqueKey());
    const [changed, untouched] = [await createTestDatabase({ template }), await createTestDatabase({ template })];
    databases.push(changed, untouched);
    await withConnection(changed.url, (client) => client.query('UPDATE schema_version SET version = 4'));

    expect(await schemaVersions(changed)).toEqual([4]);
    expect(await schemaVersions(untouched)).toEqual([3]);
    expect(template.preparations).toHaveLength(1);
  });

  it('rebuilds a template that a killed run left half-prepared', async () => {
    const template = countingTemplate(uniqueKey());
    const { postgresAdminUrl } = await getTestInfrastructure();
    // What a run killed inside prepare() leaves: the database, without the ready mark.
    await withConnection(postgresAdminUrl, (admin) =>
      admin.query(`CREATE DATABASE ${pg.escapeIdentifier(templateDatabaseName(template.key))}`),
    );

    const database = await createTestDatabase({ template });
    databases.push(database);

    expect(template.preparations).toHaveLength(1);
    expect(await schemaVersions(database)).toEqual([3]);
  });

  it('reports a failed preparation and tries again on the next call', async () => {
    const key = uniqueKey();
    const failing: TestDatabaseTemplate = {
      key,
      prepare: async () => {
        throw new Error('migration 0002 failed');
      },
    };
    await expect(createTestDatabase({ template: failing })).rejects.toThrow('migration 0002 failed');

    const template = countingTemplate(key);
    const database = await createTestDatabase({ template });
    databases.push(database);
    expect(template.preparations).toHaveLength(1);
    expect(await schemaVersions(database)).toEqual([3]);
  });
});

describe('createTestDatabase without a template', () => {
  it('creates an empty database, and drop() removes it', async () => {
    const database = await createTestDatabase();
    const tables = await withConnection(database.url, (client) =>
      client.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`),
    );
    expect(tables.rowCount).toBe(0);

    await database.drop();
    await database.drop();
    const { postgresAdminUrl } = await getTestInfrastructure();
    const left = await withConnection(postgresAdminUrl, (admin) =>
      admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]),
    );
    expect(left.rowCount).toBe(0);
  });
});
