// Asks sentry-relay whether it takes the DSN's key for its project, without
// storing anything: an envelope holding no event is answered 200 `{}` only
// after the route and key are checked. (Its /readyz is on the metrics port,
// which a DSN does not name.)
import type { RelayDsn } from './relay-dsn.js';

/** "SERVING" when the relay takes the key for the project, else what it answered or why it could not be asked. */
export async function relayHealth(relay: RelayDsn, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(`${relay.origin}/api/${relay.projectId}/envelope/`, {
      method: 'POST',
      headers: { 'x-sentry-auth': `Sentry sentry_key=${relay.key}, sentry_version=7` },
      body: '{}\n',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status === 200) return 'SERVING';
    return `answered ${response.status}: ${detailOf(text)}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `not answering (${cause ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

function detailOf(text: string): string {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail : text;
  } catch {
    return text.slice(0, 200);
  }
}
