/**
 * Size bounds on an event, in UTF-8 bytes unless said otherwise. Over a
 * bound is INVALID_ARGUMENT naming the field: identity fields are never
 * silently truncated.
 */
export interface EventLimits {
  readonly messageBytes: number;
  readonly culpritBytes: number;
  readonly platformBytes: number;
  readonly environmentBytes: number;
  readonly releaseBytes: number;
  readonly fingerprintEntries: number;
  readonly fingerprintEntryBytes: number;
  readonly tagCount: number;
  readonly tagKeyBytes: number;
  readonly tagValueBytes: number;
  readonly userFieldBytes: number;
  readonly exceptionTypeBytes: number;
  readonly exceptionValueBytes: number;
  /** All text of the event together. */
  readonly eventBytes: number;
  /** Events older than this many days are rejected. */
  readonly retentionDays: number;
  /** A timestamp further than this in the future is replaced by the receive time. */
  readonly maxFutureSkewMs: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = {
  messageBytes: 8 * 1024,
  culpritBytes: 1024,
  platformBytes: 64,
  environmentBytes: 256,
  releaseBytes: 256,
  fingerprintEntries: 16,
  fingerprintEntryBytes: 512,
  tagCount: 50,
  tagKeyBytes: 32,
  tagValueBytes: 200,
  userFieldBytes: 256,
  exceptionTypeBytes: 256,
  exceptionValueBytes: 4 * 1024,
  // The per-field bounds add up to about 34 KiB; this caps the sum lower.
  eventBytes: 32 * 1024,
  retentionDays: 90,
  maxFutureSkewMs: 60_000,
};
