// A stand-in IngestService answering only the two statistics calls, for
// tests about what incidents asks and stores rather than about ingest's
// arithmetic (that is the end-to-end test's job, against the real one).
import { Server, ServerCredentials, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import {
  IngestServiceService,
  type GetEventAggregatesRequest,
  type GetEventAggregatesResponse,
  type GetEventStatsRequest,
  type GetEventStatsResponse,
} from '@vigil/contracts/ingest';

export interface FakeIngest {
  readonly address: string;
  /** Every statistics request received, in order. */
  readonly statsRequests: GetEventStatsRequest[];
  readonly aggregatesRequests: GetEventAggregatesRequest[];
  /** Value of every bucket in the next answers (buckets are laid out as ingest would). */
  bucketValue: (start: Date) => number;
  totals: { eventCount: number; uniqueUsers: number };
  /** When set, both calls wait for it before answering (to change things meanwhile). */
  gate: Promise<void> | undefined;
  /** When set, both calls fail with this status, or never answer ('hang'). */
  failWith: status | 'hang' | undefined;
  stop(): Promise<void>;
}

function alignedBuckets(request: GetEventStatsRequest, valueOf: (start: Date) => number): GetEventStatsResponse {
  const rollupMs = request.rollupSeconds * 1000;
  const start = request.start?.getTime() ?? 0;
  const end = request.end?.getTime() ?? 0;
  const buckets = [];
  for (let t = Math.floor(start / rollupMs) * rollupMs; t < end; t += rollupMs) {
    buckets.push({ start: new Date(t), value: String(valueOf(new Date(t))) });
  }
  return { buckets };
}

export async function startFakeIngest(): Promise<FakeIngest> {
  const server = new Server();
  const fake: Omit<FakeIngest, 'address' | 'stop'> = {
    statsRequests: [],
    aggregatesRequests: [],
    bucketValue: () => 0,
    totals: { eventCount: 0, uniqueUsers: 0 },
    gate: undefined,
    failWith: undefined,
  };
  /** Answers once the gate opens: as configured by failWith, else with the answer. */
  const answerAfterGate = async <T>(callback: sendUnaryData<T>, answer: () => T) => {
    await fake.gate;
    if (fake.failWith === 'hang') return;
    if (fake.failWith !== undefined) return callback({ code: fake.failWith, details: 'failing on purpose' });
    callback(null, answer());
  };
  const unimplemented = (_: unknown, callback: sendUnaryData<never>) =>
    callback({ code: status.UNIMPLEMENTED, details: 'not in the fake' });
  server.addService(IngestServiceService, {
    storeEvent: unimplemented,
    storeEvents: unimplemented,
    getEvent: unimplemented,
    getGroup: unimplemented,
    listGroups: unimplemented,
    getEventStats: (
      call: ServerUnaryCall<GetEventStatsRequest, GetEventStatsResponse>,
      callback: sendUnaryData<GetEventStatsResponse>,
    ) => {
      fake.statsRequests.push(call.request);
      void answerAfterGate(callback, () => alignedBuckets(call.request, fake.bucketValue));
    },
    getEventAggregates: (
      call: ServerUnaryCall<GetEventAggregatesRequest, GetEventAggregatesResponse>,
      callback: sendUnaryData<GetEventAggregatesResponse>,
    ) => {
      fake.aggregatesRequests.push(call.request);
      void answerAfterGate(callback, () => ({
        eventCount: String(fake.totals.eventCount),
        uniqueUsers: String(fake.totals.uniqueUsers),
      }));
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return Object.assign(fake, {
    address: `127.0.0.1:${port}`,
    stop: async () => server.forceShutdown(),
  });
}
