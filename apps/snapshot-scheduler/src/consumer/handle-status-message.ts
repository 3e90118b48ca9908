import type { JsMsg } from '@nats-io/jetstream';
import { activeTraceParent, contextFromTraceParent, inSpan, SpanKind, type Logger } from '@vigil/runtime';
import type { StatusChangeStore } from '../db/status-change-store.js';
import { retryDelayMs } from '../domain/retry-backoff.js';
import { InvalidStatusEventError, type StatusChange } from '../domain/status-change.js';
import { readStatusChange } from './read-status-change.js';

export interface StatusMessageDeps {
  readonly store: Pick<StatusChangeStore, 'apply'>;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Told of every message delivered more than once (metrics). */
  readonly onRedelivery?: () => void;
}

// Redelivery after a failed apply (the database is down): soon at first,
// then less often, so an outage is not hammered.
const REDELIVERY_BACKOFF = { baseMs: 500, maxMs: 30_000 };

/**
 * Applies one status event and acknowledges it only after the scheduler's
 * own commit; a failed apply is redelivered later. An event that cannot be
 * read is terminated: it would fail the same way forever.
 */
export function handleStatusMessage(msg: JsMsg, deps: StatusMessageDeps): Promise<void> {
  // A CONSUMER span continuing the trace the outbox relay's publish put in
  // the headers; the pending row keeps this span's context for the snapshot call.
  return inSpan(
    `${msg.subject} process`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromTraceParent(msg.headers?.get('traceparent')),
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject },
    },
    () => applyStatusMessage(msg, deps),
  );
}

async function applyStatusMessage(
  msg: JsMsg,
  { store, clock, logger, onRedelivery }: StatusMessageDeps,
): Promise<void> {
  const where = { subject: msg.subject, streamSequence: msg.seq, deliveryCount: msg.info.deliveryCount };
  if (msg.info.deliveryCount > 1) onRedelivery?.();
  let change: StatusChange;
  try {
    change = readStatusChange(msg.data);
  } catch (error) {
    if (!(error instanceof InvalidStatusEventError)) throw error;
    logger.error({ ...where, reason: error.message }, 'invalid status event terminated');
    // No reason argument: nats-server before 2.10.4 does not understand
    // `+TERM <reason>`, ignores it, and would redeliver the message forever.
    msg.term();
    return;
  }
  try {
    const result = await store.apply(change, clock(), activeTraceParent());
    msg.ack();
    logger.debug({ ...where, ...describe(change), result }, 'status event handled');
  } catch (error) {
    const retryInMs = retryDelayMs(Math.max(1, msg.info.deliveryCount), REDELIVERY_BACKOFF);
    logger.warn(
      { ...where, ...describe(change), err: error, retryInMs },
      'status event not applied; redelivering later',
    );
    msg.nak(retryInMs);
  }
}

function describe(change: StatusChange): Record<string, string> {
  return { incidentId: change.incidentId, version: change.version, change: change.kind };
}
