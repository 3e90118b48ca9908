/**
 * Bounds on an event. Text bounds count characters (Unicode code points, as
 * Sentry counts them), not bytes: a field over its bound is shortened and
 * the change reported (see normalize-event.ts), because none of these fields
 * is the event's identity. Only the whole event's size, in UTF-8 bytes after
 * shortening, is still a reason to reject it.
 */
export interface EventLimits {
  readonly messageChars: number;
  readonly culpritChars: number;
  readonly platformChars: number;
  readonly environmentChars: number;
  readonly releaseChars: number;
  /** Entries past this are dropped. */
  readonly fingerprintEntries: number;
  readonly fingerprintEntryChars: number;
  /** Tags past this (in key order) are dropped. */
  readonly tagCount: number;
  /** A longer key is not shortened but its tag dropped: a shortened key would be another tag. */
  readonly tagKeyChars: number;
  readonly tagValueChars: number;
  readonly userFieldChars: number;
  readonly exceptionTypeChars: number;
  readonly exceptionValueChars: number;
  /** Causes past this (the deepest) are dropped. */
  readonly causes: number;
  /** Frames of one stack trace past this are dropped from the middle, keeping both ends. */
  readonly stackFrames: number;
  /** Each of a frame's module, filename and function. */
  readonly frameFieldChars: number;
  /** All text of the event together, in UTF-8 bytes, after shortening. */
  readonly eventBytes: number;
  /** Events older than this many days are rejected. */
  readonly retentionDays: number;
  /** A timestamp further than this in the future is replaced by the receive time. */
  readonly maxFutureSkewMs: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = {
  messageChars: 8 * 1024,
  culpritChars: 1024,
  platformChars: 64,
  environmentChars: 256,
  releaseChars: 256,
  fingerprintEntries: 16,
  fingerprintEntryChars: 512,
  tagCount: 50,
  tagKeyChars: 32,
  tagValueChars: 200,
  userFieldChars: 256,
  exceptionTypeChars: 256,
  exceptionValueChars: 4 * 1024,
  causes: 10,
  stackFrames: 100,
  frameFieldChars: 256,
  // A real SDK's event with a cause chain and stack traces is some tens of
  // KiB; this bounds what one row may cost, well under the 4 MiB message.
  eventBytes: 256 * 1024,
  retentionDays: 90,
  maxFutureSkewMs: 60_000,
};
