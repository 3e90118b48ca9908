/** The database named in a PostgreSQL URL (`postgres://…/vigil_ingest` → `vigil_ingest`). */
export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL names no database: ${redactPassword(databaseUrl)}`);
  return name;
}

/** The same server and credentials, another database. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The URL fit for a log line. */
export function redactPassword(databaseUrl: string): string {
  const url = URL.parse(databaseUrl);
  if (!url) return '(unparseable URL)';
  if (url.password) url.password = '***';
  return url.toString();
}
