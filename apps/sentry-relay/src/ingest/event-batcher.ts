// A group commit in front of ingest's StoreEvents: the events of requests
// that arrive within a short window go to ingest in one call, so a burst of
// SDK requests (one event each) costs a few batched writes rather than one
// write per event. A request's events always travel in one call together,
// so a request either has all its answers or one error for all of them.
import type { Event, StoreEventsResult } from '@vigil/contracts/ingest';

/** One StoreEvents call: results in request order, or a rejection (ingest unreachable, …). */
export type StoreEvents = (events: Event[]) => Promise<StoreEventsResult[]>;

interface BatcherOptions {
  readonly storeEvents: StoreEvents;
  /** How long the first event of a batch waits for others; 0 = send at the next turn of the event loop. */
  readonly windowMs: number;
  /** A batch is sent as soon as it holds this many events. */
  readonly maxEvents: number;
  /** A batch is sent before another request would take it over this many (encoded) bytes. */
  readonly maxBytes: number;
  /** The encoded size of one event, for `maxBytes`. */
  readonly sizeOf: (event: Event) => number;
}

export interface EventBatcher {
  /** Stores one request's events (in one StoreEvents call); resolves with their results, in order. */
  store(events: readonly Event[]): Promise<StoreEventsResult[]>;
  /** Sends what is waiting now and resolves when every call in flight has answered. */
  drain(): Promise<void>;
}

interface Waiting {
  readonly events: readonly Event[];
  resolve(results: StoreEventsResult[]): void;
  reject(error: unknown): void;
}

export function createEventBatcher({
  storeEvents,
  windowMs,
  maxEvents,
  maxBytes,
  sizeOf,
}: BatcherOptions): EventBatcher {
  let waiting: Waiting[] = [];
  let waitingEvents = 0;
  let waitingBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  const send = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) return;
    const batch = waiting;
    waiting = [];
    waitingEvents = 0;
    waitingBytes = 0;
    const call = storeEvents(batch.flatMap((w) => w.events)).then(
      (results) => handOut(batch, results),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
  };

  return {
    store(events) {
      if (events.length === 0) return Promise.resolve([]);
      const bytes = events.reduce((sum, event) => sum + sizeOf(event), 0);
      // Never split a request; send the batch first when this one would overfill it.
      if (waiting.length > 0 && (waitingEvents + events.length > maxEvents || waitingBytes + bytes > maxBytes)) send();
      const result = new Promise<StoreEventsResult[]>((resolve, reject) => waiting.push({ events, resolve, reject }));
      waitingEvents += events.length;
      waitingBytes += bytes;
      if (waitingEvents >= maxEvents || waitingBytes >= maxBytes) send();
      else timer ??= setTimeout(send, windowMs);
      return result;
    },
    async drain() {
      send();
      await Promise.all([...inFlight]);
    },
  };
}

// StoreEvents answers one result per event, in request order (results[i].index === i).
function handOut(batch: readonly Waiting[], results: readonly StoreEventsResult[]): void {
  const total = batch.reduce((sum, w) => sum + w.events.length, 0);
  if (results.length !== total) {
    const error = new Error(`ingest answered ${results.length} results for ${total} events`);
    batch.forEach((w) => w.reject(error));
    return;
  }
  let offset = 0;
  for (const w of batch) {
    w.resolve(results.slice(offset, offset + w.events.length));
    offset += w.events.length;
  }
}
