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

/** A published message: its row and the stream sequence JetStream stored it at. */
export interface SentMessage {
  readonly id: string;
  readonly streamSequence: number;
}

// Ids and sequences travel as two array parameters (numbers only: no quoting needed).
const MARK_SENT = `
UPDATE outbox_message AS message SET sent_at = ?, stream_sequence = sent.stream_sequence
FROM unnest(?::bigint[], ?::bigint[]) AS sent (id, stream_sequence)
WHERE message.id = sent.id`;

export async function markSent(tx: EntityManager, sent: readonly SentMessage[], now: Date): Promise<void> {
  if (sent.length === 0) return;
  const ids = `{${sent.map((message) => message.id).join(',')}}`;
  const sequences = `{${sent.map((message) => message.streamSequence).join(',')}}`;
  await tx.execute(MARK_SENT, [now, ids, sequences], 'run');
}

/** Where the stream and its durable consumers are (see jetstream-publisher.ts). */
export interface StreamProgress {
  /** The oldest sequence the stream still holds (last + 1 when empty). */
  readonly firstSequence: number;
  /**
   * The lowest ack floor of the stream's durable consumers: every message at
   * or below it is acknowledged by all of them. null when no durable consumer
   * exists: nothing is waiting for the messages.
   */
  readonly ackFloor: number | null;
}

/**
 * Marks unsent again every sent message that a durable consumer has not
 * acknowledged (above the ack floor) and that is either gone from the stream
 * (below its first sequence: discarded by max_age before delivery) or will be
 * soon (sent before `resendBefore`, half the stream's max_age ago). The relay
 * then publishes it again like any unsent row; the scheduler ignores the copy
 * if it had applied the first (the version is not newer). How many rows.
 */
export async function markUnacknowledgedForResend(
  em: EntityManager,
  progress: StreamProgress,
  resendBefore: Date,
): Promise<number> {
  if (progress.ackFloor === null) return 0;
  const result = await em.execute<{ affectedRows: number }>(
    `UPDATE outbox_message SET sent_at = NULL, stream_sequence = NULL
     WHERE sent_at IS NOT NULL AND stream_sequence > ? AND (stream_sequence < ? OR sent_at < ?)`,
    [progress.ackFloor, progress.firstSequence, resendBefore],
    'run',
  );
  return result.affectedRows;
}

/**
 * Deletes sent messages older than `before` that every durable consumer has
 * acknowledged: until then the row is what a discarded message is published
 * again from. Rows sent before migration 0003 have no sequence: age alone.
 */
export async function pruneSent(em: EntityManager, before: Date, progress: StreamProgress): Promise<number> {
  const result = await em.execute<{ affectedRows: number }>(
    `DELETE FROM outbox_message
     WHERE sent_at < ? AND (stream_sequence IS NULL OR ?::bigint IS NULL OR stream_sequence <= ?)`,
    [before, progress.ackFloor, progress.ackFloor],
    'run',
  );
  return result.affectedRows;
}
