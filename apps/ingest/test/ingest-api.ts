import { credentials, type ChannelOptions, type ServiceError } from '@grpc/grpc-js';
import {
  GetEventAggregatesRequest,
  GetEventRequest,
  GetEventStatsRequest,
  IngestServiceClient,
  ListGroupsRequest,
  type Event,
  type GetEventAggregatesResponse,
  type GetEventResponse,
  type GetEventStatsResponse,
  type GetGroupResponse,
  type ListGroupsResponse,
  type StoreEventResponse,
  type StoreEventsResponse,
} from '@vigil/contracts/ingest';
import { callUnary } from '@vigil/runtime';

const DEFAULT_TIMEOUT_MS = 60_000;

/** The ingest RPCs over a real gRPC channel, with the generated client; every call has a deadline. */
export interface IngestApi {
  readonly client: IngestServiceClient;
  storeEvent(event: Event, timeoutMs?: number): Promise<StoreEventResponse>;
  storeEvents(events: readonly Event[], timeoutMs?: number): Promise<StoreEventsResponse>;
  getEvent(request: Partial<GetEventRequest>): Promise<GetEventResponse>;
  getGroup(projectId: string, groupId: string): Promise<GetGroupResponse>;
  listGroups(request: Partial<ListGroupsRequest>): Promise<ListGroupsResponse>;
  getEventStats(request: Partial<GetEventStatsRequest>): Promise<GetEventStatsResponse>;
  getEventAggregates(request: Partial<GetEventAggregatesRequest>): Promise<GetEventAggregatesResponse>;
  close(): void;
}

/**
 * A client of its own: `channelOptions` that differ from other clients'
 * (e.g. a distinct tag) give it its own HTTP/2 connection.
 */
export function connectIngest(port: number, channelOptions: ChannelOptions = {}): IngestApi {
  const client = new IngestServiceClient(`127.0.0.1:${port}`, credentials.createInsecure(), channelOptions);
  const deadline = (timeoutMs = DEFAULT_TIMEOUT_MS) => ({ timeoutMs });
  return {
    client,
    storeEvent: (event, timeoutMs) => callUnary(client, 'storeEvent', { event }, deadline(timeoutMs)),
    storeEvents: (events, timeoutMs) => callUnary(client, 'storeEvents', { events: [...events] }, deadline(timeoutMs)),
    getEvent: (request) => callUnary(client, 'getEvent', GetEventRequest.fromPartial(request), deadline()),
    getGroup: (projectId, groupId) => callUnary(client, 'getGroup', { projectId, groupId }, deadline()),
    listGroups: (request) => callUnary(client, 'listGroups', ListGroupsRequest.fromPartial(request), deadline()),
    getEventStats: (request) =>
      callUnary(client, 'getEventStats', GetEventStatsRequest.fromPartial(request), deadline()),
    getEventAggregates: (request) =>
      callUnary(client, 'getEventAggregates', GetEventAggregatesRequest.fromPartial(request), deadline()),
    close: () => client.close(),
  };
}

/** The gRPC error a call failed with; fails the test if the call succeeded. */
export async function grpcError(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof Error && 'code' in error) return error as ServiceError;
    throw error;
  }
  throw new Error('expected the call to fail with a gRPC status, but it succeeded');
}
