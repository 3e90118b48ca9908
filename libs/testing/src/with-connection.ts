import pg from 'pg';

/** Runs `work` on one fresh connection to the database at `url`, always closing it. */
export async function withConnection<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A connection the server drops mid-work surfaces as a rejected query;
  // the 'error' event must not also crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
