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
}
