import { describe, expect, it } from 'vitest';
import { databaseUrl, templateDatabaseName, testDatabaseName } from './database-names.js';

describe('testDatabaseName', () => {
  it('prefixes the suffix so test databases are recognisable on a shared server', () => {
    expect(testDatabaseName('3f9a0c12b7de')).toBe('vigil_test_3f9a0c12b7de');
  });
});

describe('templateDatabaseName', () => {
  it('keeps a readable key and appends a hash of it', () => {
    expect(templateDatabaseName('ingest-migrations')).toMatch(/^vigil_tpl_ingest_migrations_[0-9a-f]{12}$/);
  });

  it('is the same for the same key, so every worker finds the same template', () => {
    expect(templateDatabaseName('incidents v3')).toBe(templateDatabaseName('incidents v3'));
  });

  it('tells apart keys that read the same once cleaned', () => {
    expect(templateDatabaseName('a-b')).not.toBe(templateDatabaseName('a.b'));
    expect(templateDatabaseName('A')).not.toBe(templateDatabaseName('a'));
  });

  it('stays within PostgreSQL’s 63-byte identifiers for long keys, which still differ', () => {
    const long = 'x'.repeat(200);
    expect(templateDatabaseName(long).length).toBeLessThanOrEqual(63);
    expect(templateDatabaseName(`${long}1`)).not.toBe(templateDatabaseName(`${long}2`));
  });

  it('uses only the hash when the key has no letters or digits', () => {
    expect(templateDatabaseName('---')).toMatch(/^vigil_tpl_[0-9a-f]{12}$/);
  });
});

describe('databaseUrl', () => {
  it('points the admin URL at another database, keeping user, password, host and options', () => {
    expect(databaseUrl('postgres://user:secret@db.example:6543/postgres?sslmode=disable', 'vigil_test_1')).toBe(
      'postgres://user:secret@db.example:6543/vigil_test_1?sslmode=disable',
    );
  });

  it('adds the database when the admin URL names none', () => {
    expect(databaseUrl('postgres://postgres@127.0.0.1:5432', 'vigil_test_1')).toBe(
      'postgres://postgres@127.0.0.1:5432/vigil_test_1',
    );
  });
});
