// One HTTP request to the relay: route, key, body, events, ingest, answer.
// The order matters for what a sender learns: the key is checked before the
// body is read, so an unknown sender learns nothing about body limits and
// costs no decompression.
import type { IncomingMessage } from 'node:http';
import type { Logger } from '@vigil/runtime';
import { eventsInBody, isMalformedBody, type SentryEndpoint } from '../domain/events-in-body.js';
import { checkProjectKey, requestKey, type ProjectKeys } from '../domain/project-keys.js';
import { storeAnswer, type RelayAnswer } from '../domain/store-answer.js';
import type { EventBatcher } from '../ingest/event-batcher.js';
import { IngestUnavailableError } from '../ingest/ingest-store-events.js';
import { BodyError, readBody } from './read-body.js';

export interface RequestHandlerDeps {
  readonly keys: ProjectKeys;
  readonly batcher: EventBatcher;
  readonly maxBodyBytes: number;
  /** Most events one request may carry (one StoreEvents call holds them all). */
  readonly maxEventsPerRequest: number;
  readonly retryAfterSeconds: number;
  readonly logger: Logger;
  /** Counts the outcome of each event: STORED, REPLACED, DUPLICATE or REJECTED. */
  readonly countEvents: (outcomes: readonly string[]) => void;
}

/** The HTTP answer; `retryAfterSeconds` becomes a Retry-After header. */
export interface HttpAnswer extends RelayAnswer {
  readonly retryAfterSeconds?: number;
}

const ROUTE = /^\/api\/([1-9][0-9]{0,18})\/(envelope|store)\/?$/;

export async function handleSentryRequest(request: IncomingMessage, deps: RequestHandlerDeps): Promise<HttpAnswer> {
  const url = new URL(request.url ?? '/', 'http://relay');
  const route = ROUTE.exec(url.pathname);
  if (!route) return detail(404, 'not found: POST /api/<project>/envelope/ or /api/<project>/store/');
  if (request.method !== 'POST') return detail(405, `${request.method ?? 'this method'} is not allowed: POST`);
  const projectId = route[1] as string;
  const endpoint = route[2] as SentryEndpoint;

  const sentryAuth = request.headers['x-sentry-auth'];
  const header = (Array.isArray(sentryAuth) ? sentryAuth[0] : sentryAuth) ?? request.headers.authorization;
  const check = checkProjectKey(deps.keys, projectId, requestKey(url.searchParams, header));
  if (check === 'missing') return detail(401, 'missing authorization: a sentry_key query parameter or X-Sentry-Auth');
  if (check === 'unknown') return detail(401, 'unknown sentry_key');
  if (check === 'other-project') return detail(403, `this sentry_key does not belong to project ${projectId}`);

  let events;
  try {
    events = eventsInBody(await readBody(request, deps.maxBodyBytes), endpoint, projectId);
  } catch (error) {
    if (error instanceof BodyError) return detail(error.status, error.message);
    if (isMalformedBody(error)) return detail(400, error.message);
    throw error;
  }
  if (events.length === 0) return { status: 200, body: {} };
  if (events.length > deps.maxEventsPerRequest) {
    return detail(413, `${events.length} events in one request; at most ${deps.maxEventsPerRequest} are accepted`);
  }

  try {
    const results = await deps.batcher.store(events);
    const answer = storeAnswer(events, results);
    deps.countEvents(results.map((r) => outcomeName(r.outcome)));
    return answer;
  } catch (error) {
    if (!(error instanceof IngestUnavailableError)) throw error;
    deps.logger.warn({ err: error, projectId }, 'sentry-relay: ingest unavailable; answering 429');
    return { ...detail(429, 'ingest is unavailable; retry later'), retryAfterSeconds: deps.retryAfterSeconds };
  }
}

function detail(status: number, text: string): HttpAnswer {
  return { status, body: { detail: text } };
}

const OUTCOME_NAMES = ['UNSPECIFIED', 'STORED', 'REPLACED', 'DUPLICATE', 'REJECTED'];

function outcomeName(outcome: number): string {
  return OUTCOME_NAMES[outcome] ?? 'UNSPECIFIED';
}
