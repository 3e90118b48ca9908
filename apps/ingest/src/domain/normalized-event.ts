import type { Normalization } from './normalization.js';
import type { EventUser } from './user-key.js';

/** 1 fatal, 2 error, 3 warning, 4 info, 5 debug: the protobuf Level numbers, also stored as is. */
export type EventLevel = 1 | 2 | 3 | 4 | 5;

/**
 * An event that passed validation, with every default applied and its
 * identity worked out: what the database stores, field for field.
 */
export interface NormalizedEvent {
  readonly projectId: string;
  /** 32 lowercase hex digits. */
  readonly eventId: string;
  /** UTC day of `timestamp`, YYYY-MM-DD: the third part of the dedup key. */
  readonly day: string;
  readonly timestamp: Date;
  readonly receivedAt: Date;
  readonly groupId: string;
  readonly level: EventLevel;
  readonly platform: string;
  readonly message: string;
  readonly culprit: string;
  readonly environment: string;
  readonly release: string;
  readonly fingerprint: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly user: EventUser;
  readonly userKey: string | null;
  readonly exceptionType: string;
  readonly exceptionValue: string;
  /** The outermost exception's stack trace; null = none sent. */
  readonly exceptionStacktrace: StoredStacktrace | null;
  /** The exceptions that caused the outermost one, its direct cause first. */
  readonly causes: readonly StoredException[];
  /** What the group is called when this is its most recently stored event. */
  readonly title: string;
  /** What ingest changed in the event as sent; empty = stored as sent. */
  readonly normalizations: readonly Normalization[];
}

export interface StoredFrame {
  readonly module: string;
  readonly filename: string;
  readonly function: string;
  readonly lineno: number;
  readonly inApp: boolean;
}

export interface StoredStacktrace {
  readonly frames: readonly StoredFrame[];
}

export interface StoredException {
  readonly type: string;
  readonly value: string;
  readonly stacktrace: StoredStacktrace | null;
}
