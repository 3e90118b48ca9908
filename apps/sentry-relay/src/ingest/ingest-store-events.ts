import { status, type ServiceError } from '@grpc/grpc-js';
import type { IngestServiceClient } from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';
import type { StoreEvents } from './event-batcher.js';

/** Ingest cannot take events now (down, overloaded, too slow): the sender should retry later. */
export class IngestUnavailableError extends Error {
  override readonly name = 'IngestUnavailableError';
}

// The codes that mean "ingest, or the way to it, is not well right now":
// a retry may work. Anything else (RESOURCE_EXHAUSTED included: ingest says
// it only of a request over the message size, which batches stay below) is
// a bug on one side, and a retry would only repeat it.
const PASSING_FAILURES = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.CANCELLED, status.ABORTED]);

/** StoreEvents on ingest's gRPC API, each call bounded by `deadlineMs`. */
export function ingestStoreEvents(client: IngestServiceClient, deadlineMs: number): StoreEvents {
  return async (events) => {
    try {
      const response = await callUnary(client, 'storeEvents', { events }, { timeoutMs: deadlineMs });
      return response.results;
    } catch (error) {
      const code = (error as Partial<ServiceError> | null)?.code;
      const details = (error as Partial<ServiceError> | null)?.details ?? String(error);
      if (code !== undefined && PASSING_FAILURES.has(code)) {
        throw new IngestUnavailableError(`ingest is unavailable (${status[code]}): ${details}`, { cause: error });
      }
      throw new Error(`ingest failed StoreEvents (${code === undefined ? 'no status' : status[code]}): ${details}`, {
        cause: error,
      });
    }
  };
}
