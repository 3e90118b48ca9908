import type { ChannelCredentials } from '@grpc/grpc-js';
import { IncidentsServiceClient } from '@vigil/contracts/incidents';
import { callUnary, internalClientOptions } from '@vigil/runtime';

export interface IncidentsSnapshotClient {
  /** Calls CreateIncidentSnapshot; rejects with the grpc-js ServiceError (its `code`) on failure. */
  createSnapshot(incidentId: string): Promise<{ created: boolean }>;
  close(): void;
}

interface ClientOptions {
  /** `host:port` of the incidents service. */
  readonly address: string;
  /** Every call is cut off after this (DEADLINE_EXCEEDED). */
  readonly deadlineMs: number;
  /** Plaintext or TLS, from config (clientCredentialsFromConfig). */
  readonly credentials: ChannelCredentials;
}

// grpc-js backs off up to 2 minutes between reconnects by default; a
// scheduler waiting for incidents to come back should notice within seconds.
const CHANNEL_OPTIONS = {
  'grpc.initial_reconnect_backoff_ms': 500,
  'grpc.max_reconnect_backoff_ms': 5_000,
};

/** The scheduler's one use of the incidents service. */
export function createIncidentsSnapshotClient({
  address,
  deadlineMs,
  credentials,
}: ClientOptions): IncidentsSnapshotClient {
  const client = new IncidentsServiceClient(address, credentials, internalClientOptions(CHANNEL_OPTIONS));
  return {
    async createSnapshot(incidentId) {
      const response = await callUnary(client, 'createIncidentSnapshot', { incidentId }, { timeoutMs: deadlineMs });
      return { created: response.created };
    },
    close: () => client.close(),
  };
}
