export { parseEventId, type ParsedEventId } from './event-id.js';
export { utcDay } from './utc-day.js';
export { dedupKey, dedupKeyString, type DedupKey } from './dedup-key.js';
export {
  DEDUP_POLICIES,
  decideStoreOutcome,
  resolvePolicy,
  type DedupPolicy,
  type StoreOutcome,
} from './dedup-policy.js';
export { batchStoreOutcomes, planBatch, type BatchItemPlan, type BatchPlan } from './batch-plan.js';
