import pg from 'pg';

/** Resolves when PostgreSQL answers `SELECT 1` within the timeout; rejects with the driver's reason. */
export async function probePostgres(url: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A refused or dropped connection also arrives as an 'error' event; without
  // a listener it would crash the process instead of failing the probe.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}
