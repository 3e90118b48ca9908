import { DedupPolicy, StoreOutcome, type IngestServiceServer, type StoreEventsResult } from '@vigil/contracts/ingest';
import { parseEventId } from '@vigil/dedup';
import { guardDatabase, type HandlerMaker, InvalidArgumentError, replacedTexts } from '@vigil/runtime';
import type { EventLimits } from '../domain/event-limits.js';
import { normalizeEvent } from '../domain/normalize-event.js';
import type { NormalizedEvent } from '../domain/normalized-event.js';
import type { EventStore } from '../store/event-store.js';
import { dedupPolicyToProto, normalizationsToProto, storeOutcomeToProto } from './proto-mapping.js';

// Text that is not UTF-8 is stored with U+FFFD and reported per event, not
// refused (handlesInvalidText): no field it can reach is an identity but the
// event id, which is then not a UUID and is refused as such.
const OWN_INVALID_TEXT = { handlesInvalidText: true } as const;

interface StoreHandlerOptions {
  readonly limits: EventLimits;
  readonly maxBatchEvents: number;
  readonly databaseTimeoutMs: number;
  /** The clock: read once per call, as the receive time. */
  readonly now: () => Date;
  /** Counts each event's outcome (metrics). */
  readonly recordOutcome: (outcome: 'STORED' | 'REPLACED' | 'DUPLICATE' | 'REJECTED') => void;
}

export function createStoreHandlers(
  store: EventStore,
  handle: HandlerMaker,
  options: StoreHandlerOptions,
): Pick<IngestServiceServer, 'storeEvent' | 'storeEvents'> {
  return {
    storeEvent: handle(async (request) => {
      if (!request.event) throw new InvalidArgumentError('event', 'is required');
      const result = normalizeEvent(request.event, options.now(), options.limits, replacedTexts(request));
      if (!result.ok) {
        options.recordOutcome('REJECTED');
        throw new InvalidArgumentError(`event.${result.field}`, result.reason);
      }
      const written = await guardDatabase(() => store.storeOne(result.event), options.databaseTimeoutMs);
      options.recordOutcome(written.outcome);
      return {
        outcome: storeOutcomeToProto(written.outcome),
        eventId: result.event.eventId,
        groupId: written.groupId,
        policy: dedupPolicyToProto(written.policy),
        normalizations: normalizationsToProto(result.event.normalizations),
      };
    }, OWN_INVALID_TEXT),

    storeEvents: handle(async (request) => {
      if (request.events.length > options.maxBatchEvents) {
        throw new InvalidArgumentError(
          'events',
          `has ${request.events.length} events, over the limit of ${options.maxBatchEvents}`,
        );
      }
      const receivedAt = options.now();
      const replaced = replacedTexts(request);
      const results: StoreEventsResult[] = [];
      const valid: { index: number; event: NormalizedEvent }[] = [];
      request.events.forEach((event, index) => {
        const result = normalizeEvent(event, receivedAt, options.limits, replaced);
        if (result.ok) valid.push({ index, event: result.event });
        else options.recordOutcome('REJECTED');
        results[index] = {
          index,
          outcome: StoreOutcome.REJECTED,
          // The contract: empty only when the item was rejected for its event id.
          eventId: result.ok ? result.event.eventId : normalizedIdOrEmpty(event.eventId),
          groupId: '',
          policy: DedupPolicy.UNSPECIFIED,
          rejection: result.ok ? undefined : { field: result.field, reason: result.reason },
          normalizations: [],
        };
      });
      const written = await guardDatabase(() => store.storeMany(valid.map((v) => v.event)), options.databaseTimeoutMs);
      valid.forEach(({ index }, i) => {
        const w = written[i];
        const result = results[index];
        if (!w || !result) throw new Error('internal: a written event has no result');
        options.recordOutcome(w.outcome);
        results[index] = {
          ...result,
          outcome: storeOutcomeToProto(w.outcome),
          groupId: w.groupId,
          policy: dedupPolicyToProto(w.policy),
          normalizations: normalizationsToProto(valid[i]?.event.normalizations ?? []),
        };
      });
      return { results };
    }, OWN_INVALID_TEXT),
  };
}

function normalizedIdOrEmpty(raw: string): string {
  const parsed = parseEventId(raw);
  return parsed.ok ? parsed.eventId : '';
}
