// What the SDK is told about its events, once ingest has answered.
// Sentry answers 200 to an envelope it accepted. Vigil answers 200 only when
// every event in it is stored (STORED, REPLACED or DUPLICATE: a resent event
// is stored already). If ingest rejected any event, the answer is 400 naming
// each rejected event's field and reason: the SDK does not retry a 400, and
// a retry could not help, as the same event would be rejected again. The
// events of the same request that were stored stay stored (and are listed);
// resending the whole request is harmless, they are deduplicated by id.
import { StoreOutcome, type Event, type StoreEventsResult } from '@vigil/contracts/ingest';

export interface RelayAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

interface Rejected {
  readonly event_id: string;
  readonly field: string;
  readonly reason: string;
}

export function storeAnswer(events: readonly Event[], results: readonly StoreEventsResult[]): RelayAnswer {
  const rejected: Rejected[] = [];
  const stored: string[] = [];
  results.forEach((result, position) => {
    if (result.outcome === StoreOutcome.REJECTED) {
      rejected.push({
        event_id: events[position]?.eventId ?? '',
        field: result.rejection?.field ?? '',
        reason: result.rejection?.reason ?? '',
      });
    } else {
      stored.push(result.eventId);
    }
  });
  if (rejected.length === 0) return { status: 200, body: stored.length === 1 ? { id: stored[0] } : { ids: stored } };
  return {
    status: 400,
    body: {
      detail: rejected.map((r) => `event ${r.event_id} rejected: ${r.field}: ${r.reason}`).join('; '),
      causes: rejected.map((r) => `${r.field}: ${r.reason}`),
      rejected,
      stored,
    },
  };
}
