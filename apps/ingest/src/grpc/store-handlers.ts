import { DedupPolicy, StoreOutcome, type IngestServiceServer, type StoreEventsResult } from '@vigil/contracts/ingest';
import { parseEventId } from '@vigil/dedup';
import { guardDatabase, type HandlerMaker, InvalidArgumentError } from '@vigil/runtime';
import type { EventLimits } from '../domain/event-limits.js';
import { normalizeEvent } from '../domain/normalize-event.js';
import type { NormalizedEvent } from '../domain/normalized-event.js';
import type { EventStore } from '../store/event-store.js';
import { dedupPolicyToProto, storeOutcomeToProto } from './proto-mapping.js';

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
      const result = normalizeEvent(request.event, options.now(), options.limits);
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
      };
    }),

    storeEvents: handle(async (request) => {
      if (request.events.length > options.maxBatchEvents) {
        throw new InvalidArgumentError(
          'events',
          `has ${request.events.length} events, over the limit of ${options.maxBatchEvents}`,
        );
      }
      const receivedAt = options.now();
      const results: StoreEventsResult[] = [];
      const valid: { index: number; event: NormalizedEvent }[] = [];
      request.events.forEach((event, index) => {
        const result = normalizeEvent(event, receivedAt, options.limits);
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
        };
      });
      return { results };
    }),
  };
}

function normalizedIdOrEmpty(raw: string): string {
  const parsed = parseEventId(raw);
  return parsed.ok ? parsed.eventId : '';
}
