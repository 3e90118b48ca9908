/** Every dedup policy, for validating configuration. */
export const DEDUP_POLICIES = ['LAST_WRITE_WINS', 'FIRST_WRITE_WINS'] as const;

/**
 * What a second event with an existing dedup key does: replace the stored
 * one (LAST_WRITE_WINS, the default) or be ignored (FIRST_WRITE_WINS, the
 * "check duplicates" option).
 */
export type DedupPolicy = (typeof DEDUP_POLICIES)[number];

/** What storing one event did, as the caller is told. */
export type StoreOutcome = 'STORED' | 'REPLACED' | 'DUPLICATE';

/** The outcome of writing an event when its key `existing` is or is not already stored. */
export function decideStoreOutcome(existing: boolean, policy: DedupPolicy): StoreOutcome {
  if (!existing) {
    return 'STORED';
  }
  return policy === 'LAST_WRITE_WINS' ? 'REPLACED' : 'DUPLICATE';
}

/** A project's own policy when it has an override, else the service's. */
export function resolvePolicy(
  serviceDefault: DedupPolicy,
  perProjectOverrides: ReadonlyMap<string, DedupPolicy>,
  projectId: string,
): DedupPolicy {
  return perProjectOverrides.get(projectId) ?? serviceDefault;
}
