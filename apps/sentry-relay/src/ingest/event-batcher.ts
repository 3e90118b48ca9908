// A group commit in front of ingest's StoreEvents: the events of requests
// that arrive close together go to ingest in one call, so a burst of SDK
// requests (one event each) costs a few batched writes rather than one
// write per event. At most `maxInFlight` calls are open at once; while they
// are, the next batch keeps filling, so batches grow with the load instead
// of ingest receiving ever more small calls. A request's events always
// travel in one call together, so a request has all its answers or one
// error for all of them.
import type { Event, StoreEventsResult } from '@vigil/contracts/ingest';

/** One StoreEvents call: results in request order, or a rejection (ingest unreachable, …). */
export type StoreEvents = (events: Event[]) => Promise<StoreEventsResult[]>;

interface BatcherOptions {
  readonly storeEvents: StoreEvents;
  /** How long the first event of a batch waits for others before the batch may go. */
  readonly windowMs: number;
  /** A batch is closed as soon as it holds this many events. */
  readonly maxEvents: number;
  /** A batch is closed before another request would take it over this many (encoded) bytes. */
  readonly maxBytes: number;
  /** StoreEvents calls open at once; further batches wait (and the open one keeps filling). */
  readonly maxInFlight: number;
  /** The encoded size of one event, for `maxBytes`. */
  readonly sizeOf: (event: Event) => number;
}

export interface EventBatcher {
  /** Stores one request's events (in one StoreEvents call); resolves with their results, in order. */
  store(events: readonly Event[]): Promise<StoreEventsResult[]>;
  /** Sends everything waiting and resolves when every call has answered. */
  drain(): Promise<void>;
}

interface Waiting {
  readonly events: readonly Event[];
  resolve(results: StoreEventsResult[]): void;
  reject(error: unknown): void;
}

interface Batch {
  waiting: Waiting[];
  events: number;
  bytes: number;
}

const emptyBatch = (): Batch => ({ waiting: [], events: 0, bytes: 0 });

export function createEventBatcher(options: BatcherOptions): EventBatcher {
  const { storeEvents, windowMs, maxEvents, maxBytes, maxInFlight, sizeOf } = options;
  let open = emptyBatch();
  // The open batch's window has passed: it goes with the next free call.
  let due = false;
  let timer: NodeJS.Timeout | undefined;
  const closed: Batch[] = [];
  const inFlight = new Set<Promise<void>>();

  const close = (): void => {
    clearTimeout(timer);
    timer = undefined;
    due = false;
    if (open.waiting.length > 0) closed.push(open);
    open = emptyBatch();
  };

  const send = (batch: Batch): void => {
    const call = storeEvents(batch.waiting.flatMap((w) => w.events)).then(
      (results) => handOut(batch.waiting, results),
      (error: unknown) => batch.waiting.forEach((w) => w.reject(error)),
    );
    inFlight.add(call);
    void call.finally(() => {
      inFlight.delete(call);
      pump();
    });
  };

  // Starts calls while there is room: closed batches first, then the open one once due.
  const pump = (): void => {
    while (inFlight.size < maxInFlight) {
      if (closed.length === 0 && due) close();
      const batch = closed.shift();
      if (batch === undefined) return;
      send(batch);
    }
  };

  return {
    store(events) {
      if (events.length === 0) return Promise.resolve([]);
      const bytes = events.reduce((sum, event) => sum + sizeOf(event), 0);
      // Never split a request; close the batch first when this one would overfill it.
      if (open.events > 0 && (open.events + events.length > maxEvents || open.bytes + bytes > maxBytes)) close();
      const result = new Promise<StoreEventsResult[]>((resolve, reject) =>
        open.waiting.push({ events, resolve, reject }),
      );
      open.events += events.length;
      open.bytes += bytes;
      if (open.events >= maxEvents || open.bytes >= maxBytes) close();
      else
        timer ??= setTimeout(() => {
          timer = undefined;
          due = true;
          pump();
        }, windowMs);
      pump();
      return result;
    },
    async drain() {
      close();
      pump();
      while (inFlight.size > 0) await Promise.race([...inFlight]);
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
