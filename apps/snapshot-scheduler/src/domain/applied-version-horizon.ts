/** The stream settings that decide how late an older event can still come. */
export interface StatusStreamLimits {
  /** The stream's max_age; 0 when it has none (unbounded). */
  readonly maxAgeMs: number;
  readonly duplicateWindowMs: number;
}

/**
 * How long a remembered version is kept after it was applied, or null when
 * it must be kept for good. An older event of the incident reaches the
 * consumer only as a message in the stream: a copy stored before the newer
 * one was applied is discarded by max_age, and the relay's repeat of a
 * message is dropped within the duplicate window. So past max_age +
 * duplicate window no copy of an event older than the applied one is left
 * (README, "What bounds each table and stream", says what the relay's
 * re-sends of unacknowledged messages add, and why pruning only closes makes
 * even a later one harmless). A stream without max_age keeps every message
 * for good: then so is every version.
 */
export function appliedVersionHorizonMs(limits: StatusStreamLimits): number | null {
  if (limits.maxAgeMs <= 0) return null;
  return limits.maxAgeMs + limits.duplicateWindowMs;
}
