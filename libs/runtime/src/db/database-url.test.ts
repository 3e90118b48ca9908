import { describe, expect, it } from 'vitest';
import { databaseNameOf, redactPassword, withDatabase } from './database-url.js';

describe('database URLs', () => {
  const url = 'postgres://app:s3cret@db.internal:5433/vigil_ingest?sslmode=disable';

  it('reads the database name', () => {
    expect(databaseNameOf(url)).toBe('vigil_ingest');
    expect(() => databaseNameOf('postgres://app:s3cret@db.internal:5433/')).toThrow(
      'DATABASE_URL names no database: postgres://app:***@db.internal:5433/',
    );
  });

  it('points at another database on the same server with the same credentials and options', () => {
    expect(withDatabase(url, 'postgres')).toBe('postgres://app:s3cret@db.internal:5433/postgres?sslmode=disable');
  });

  it('hides the password for logs', () => {
    expect(redactPassword(url)).toBe('postgres://app:***@db.internal:5433/vigil_ingest?sslmode=disable');
  });
});
