import { randomBytes } from 'node:crypto';

/**
 * What SDKs send the relay, by every way a key travels: an event with the
 * right key (ingest is down: 429), a key of no project in the query string
 * (401), another project's key (403), and a body that is no envelope (400).
 * Resolves with the status of each, in that order.
 */
export async function sendToRelay(
  port: number,
  project: string,
  keys: { ownKey: string; unknownKey: string; otherProjectKey: string; keyForBadBody: string },
): Promise<number[]> {
  const url = (query = '') => `http://127.0.0.1:${port}/api/${project}/envelope/${query}`;
  const auth = (key: string) => ({ 'x-sentry-auth': `Sentry sentry_key=${key}, sentry_version=7` });
  const eventId = randomBytes(16).toString('hex');
  const envelope = `{"event_id":"${eventId}"}\n{"type":"event"}\n{"event_id":"${eventId}","message":"hello"}\n`;
  const requests: (RequestInit & { url: string })[] = [
    { url: url(), headers: auth(keys.ownKey), body: envelope },
    { url: url(`?sentry_key=${keys.unknownKey}`), body: envelope },
    { url: url(), headers: auth(keys.otherProjectKey), body: envelope },
    { url: url(), headers: auth(keys.keyForBadBody), body: 'not an envelope' },
  ];
  const statuses: number[] = [];
  for (const init of requests) {
    const response = await fetch(init.url, { ...init, method: 'POST', signal: AbortSignal.timeout(10_000) });
    await response.text();
    statuses.push(response.status);
  }
  return statuses;
}
