// A bench event as an SDK would send it: a one-event envelope whose payload
// carries the same fields, so the relay's path and StoreEvents store the
// same content.
import type { Event } from '@vigil/contracts/ingest';

const LEVEL_NAMES = ['', 'fatal', 'error', 'warning', 'info', 'debug'];

export function sentryEnvelope(event: Event): string {
  const payload = JSON.stringify({
    event_id: event.eventId,
    timestamp: (event.timestamp?.getTime() ?? Date.now()) / 1000,
    level: LEVEL_NAMES[event.level] ?? 'error',
    platform: event.platform,
    message: event.message,
    transaction: event.culprit,
    environment: event.environment,
    release: event.release,
    tags: event.tags,
    ...(event.user && {
      user: {
        id: event.user.id,
        email: event.user.email,
        username: event.user.username,
        ip_address: event.user.ipAddress,
      },
    }),
    ...(event.exception && { exception: { values: [event.exception] } }),
  });
  const header = JSON.stringify({ event_id: event.eventId, sent_at: new Date().toISOString() });
  return `${header}\n{"type":"event","length":${Buffer.byteLength(payload)}}\n${payload}\n`;
}
