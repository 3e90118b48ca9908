import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { activeTraceParent } from '@vigil/runtime';
import { OutboxMessageEntity } from '../db/entities.js';
import { encodeStatusChanged, statusChangedSubject, type StatusChangeAnnouncement } from './status-changed-message.js';

/** An unsent message as the relay publishes it. */
export interface OutboxMessage {
  readonly id: string;
  readonly eventId: string;
  readonly subject: string;
  readonly payload: Uint8Array;
  /** The status change's W3C traceparent; null when it was not traced. */
  readonly traceParent: string | null;
}

/** Adds the announcement to the outbox inside the caller's transaction (the status change's own). */
export function enqueueStatusChanged(
  tx: EntityManager,
  announcement: StatusChangeAnnouncement,
  subjectPrefix: string,
): void {
  tx.create(OutboxMessageEntity, {
    eventId: announcement.eventId,
    subject: statusChangedSubject(subjectPrefix, announcement.incident.id),
    payload: Buffer.from(encodeStatusChanged(announcement)),
    createdAt: announcement.occurredAt,
    sentAt: null,
    // The status change's span (UpdateIncidentStatus, or the rule update
    // that closed it): the relay and the scheduler continue its trace.
    traceParent: activeTraceParent(),
  });
}

/**
 * The oldest unsent messages, locked until the caller's transaction ends.
 * SKIP LOCKED lets one relay per replica work at once, each on rows the
 * others are not publishing. A row is published again only when its batch
 * did not commit after publishing; JetStream's msgID dedup drops that copy.
 */
export async function claimUnsent(tx: EntityManager, limit: number): Promise<OutboxMessage[]> {
  const rows = await tx.find(
    OutboxMessageEntity,
    { sentAt: null },
    { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { id: 'asc' }, limit },
  );
  return rows.map((row) => ({
    id: row.id,
    eventId: row.eventId,
    subject: row.subject,
    payload: row.payload,
    traceParent: row.traceParent ?? null,
  }));
}

export async function markSent(tx: EntityManager, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.nativeUpdate(OutboxMessageEntity, { id: { $in: [...ids] } }, { sentAt: now });
}

/** Deletes sent messages older than `before`; they only matter until JetStream has them. */
export async function pruneSent(em: EntityManager, before: Date): Promise<number> {
  return em.nativeDelete(OutboxMessageEntity, { sentAt: { $lt: before } });
}
