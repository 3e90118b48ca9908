import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './create-test-database.js';

/**
 * Gives the calling test file its own database: created in beforeAll,
 * dropped in afterAll. Call at the top of the file (or a describe block);
 * the returned getter works inside tests and hooks that run after creation.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(options);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (database === undefined) {
      throw new Error(
        'useTestDatabase(): the database exists only once beforeAll has run; read it inside a test or hook.',
      );
    }
    return database;
  };
}
