import type { Event } from '@vigil/contracts/ingest';
import { MalformedEnvelopeError, parseEnvelope } from './parse-envelope.js';
import { MalformedEventError, sentryEventToVigil } from './sentry-event-to-vigil.js';

/** The two ways SDKs send: an envelope (today's), or one bare event JSON (`/store/`, older SDKs). */
export type SentryEndpoint = 'envelope' | 'store';

/**
 * The Vigil events a request body carries. An envelope's `event` items are
 * events; every other item type (session, attachment, client_report,
 * transaction, …) is accepted and ignored: Vigil keeps errors only.
 * Throws MalformedEnvelopeError or MalformedEventError (a 400 answer).
 */
export function eventsInBody(body: Buffer, endpoint: SentryEndpoint, projectId: string): Event[] {
  if (endpoint === 'store') return [sentryEventToVigil(json(body, 'the body'), { projectId })];
  const envelope = parseEnvelope(body);
  const headerId = envelope.header['event_id'];
  const envelopeEventId = typeof headerId === 'string' && headerId !== '' ? headerId : undefined;
  return envelope.items
    .filter((item) => item.type === 'event')
    .map((item, index) =>
      sentryEventToVigil(json(item.payload, `event item ${index + 1}`), { projectId, envelopeEventId }),
    );
}

function json(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new MalformedEventError(`${what} is not JSON`);
  }
}

/** Whether `error` is the sender's malformed body (400), as opposed to the relay's own failure. */
export function isMalformedBody(error: unknown): error is Error {
  return error instanceof MalformedEnvelopeError || error instanceof MalformedEventError;
}
