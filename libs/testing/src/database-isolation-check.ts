// The body shared by the two database-isolation-*.int.test.ts files: each runs
// it in its own vitest worker, at the same time as the other.
import { describe, expect, it } from 'vitest';
import { getTestInfrastructure } from './get-test-infrastructure.js';
import { useTestDatabase } from './use-test-database.js';
import { withConnection } from './with-connection.js';

// Test files cannot see each other's variables, so they compare database
// names through this table in the admin database. A primary key on the name
// makes "no other file ever got my database" a constraint, not a race.
const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS vigil_testing_isolation_ledger (
  database_name text PRIMARY KEY,
  test_file text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now())`;

export function checkDatabaseIsolation(testFile: string): void {
  describe(`database isolation, seen from the ${testFile} file`, () => {
    const database = useTestDatabase();

    it('connects to a fresh database of its own, not the admin database', async () => {
      const { postgresAdminUrl } = await getTestInfrastructure();
      const current = await withConnection(database().url, (client) =>
        client.query<{ name: string }>('SELECT current_database() AS name'),
      );
      expect(current.rows[0]?.name).toBe(database().name);
      expect(database().name).toMatch(/^vigil_test_[0-9a-f]{12}$/);
      expect(database().url).not.toBe(postgresAdminUrl);
    });

    it('sees only its own row in a table that the other file creates under the same name', async () => {
      const owners = await withConnection(database().url, async (client) => {
        // No IF NOT EXISTS: in a shared database the second file would fail here.
        await client.query('CREATE TABLE harness_marker (owner text NOT NULL)');
        await client.query('INSERT INTO harness_marker (owner) VALUES ($1)', [testFile]);
        return client.query<{ owner: string }>('SELECT owner FROM harness_marker');
      });
      expect(owners.rows).toEqual([{ owner: testFile }]);
    });

    it('has a database name that no other test file has had', async () => {
      const { postgresAdminUrl } = await getTestInfrastructure();
      const recorded = await withConnection(postgresAdminUrl, async (admin) => {
        await admin.query('BEGIN');
        await admin.query(`SELECT pg_advisory_xact_lock(hashtextextended('vigil-testing-isolation-ledger', 0))`);
        await admin.query(LEDGER_DDL);
        await admin.query(`DELETE FROM vigil_testing_isolation_ledger WHERE recorded_at < now() - interval '7 days'`);
        const inserted = await admin.query(
          `INSERT INTO vigil_testing_isolation_ledger (database_name, test_file) VALUES ($1, $2)
           ON CONFLICT (database_name) DO NOTHING`,
          [database().name, testFile],
        );
        await admin.query('COMMIT');
        return inserted.rowCount;
      });
      expect(recorded, `${database().name} was already used by another test file`).toBe(1);
    });
  });
}
