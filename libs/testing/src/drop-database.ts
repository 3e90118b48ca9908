import pg from 'pg';

// A service stopped just before its database is dropped may still be ending
// its pool's connections; forcing them closed then reaches that client as a
// FATAL 57P01 "terminating connection due to administrator command", an
// unhandled error in the test process. So the drop waits this long for the
// database's sessions to leave by themselves before it forces them out.
const LEAVE_WITHIN_MS = 5_000;
const POLL_MS = 50;

/** Drops the database if it exists, disconnecting anyone still using it (after a short grace). */
export async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  const deadline = Date.now() + LEAVE_WITHIN_MS;
  while (Date.now() < deadline && (await sessionsOn(admin, name)) > 0) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}

async function sessionsOn(admin: pg.Client, name: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  );
  return rows[0]?.n ?? 0;
}
