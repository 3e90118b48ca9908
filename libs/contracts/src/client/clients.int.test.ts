import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusDetailsTrailer } from '../../test/richer-error-model.js';
import { createIncidentsClient, createIngestClient, isVigilCallError, VigilCallError } from '../client.js';
import { IncidentsServiceService, UpdateIncidentStatusResponse } from '../incidents.js';
import {
  GetEventResponse,
  GetGroupResponse,
  IngestServiceService,
  Level,
  StoreEventResponse,
  StoreOutcome,
  type StoreEventRequest,
} from '../ingest.js';

type Handler = (call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) => void;

/** A real grpc-js server on a free port whose handlers each test sets. */
async function startServer(handlers: Record<string, Handler>) {
  const server = new Server();
  const route = (definition: object): UntypedServiceImplementation =>
    Object.fromEntries(
      Object.keys(definition).map((method) => [
        method,
        (call: ServerUnaryCall<unknown, unknown>, done: sendUnaryData<unknown>) =>
          (handlers[method] ?? ((_c, d) => d({ code: status.UNIMPLEMENTED, details: method })))(call, done),
      ]),
    );
  server.addService(IngestServiceService, route(IngestServiceService));
  server.addService(IncidentsServiceService, route(IncidentsServiceService));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, stop: () => server.forceShutdown() };
}

const failure = (code: status, details: string, metadata?: ServiceError['metadata']) =>
  Object.assign(new Error(details), { code, details, metadata }) as ServiceError;

async function rejection(promise: Promise<unknown>): Promise<VigilCallError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof VigilCallError)) throw new Error(`expected a VigilCallError, got ${String(error)}`);
  return error;
}

// Each test gets its own server: no call of one test reaches another's
// handlers, and grpc-js's retry throttling (kept per target) starts full.
let handlers: Record<string, Handler>;
let server: Awaited<ReturnType<typeof startServer>>;
const address = () => `127.0.0.1:${server.port}`;

beforeEach(async () => {
  handlers = {};
  server = await startServer(handlers);
});
afterEach(() => server.stop());

describe('createIngestClient', () => {
  it('sends a partial request with the defaults filled and resolves with the response', async () => {
    const received: StoreEventRequest[] = [];
    handlers['storeEvent'] = (call, done) => {
      received.push(call.request as StoreEventRequest);
      done(null, StoreEventResponse.fromPartial({ outcome: StoreOutcome.STORED }));
    };
    const ingest = createIngestClient(address());
    const answer = await ingest.storeEvent({ event: { eventId: 'ab'.repeat(16), projectId: '12', message: 'boom' } });
    ingest.close();
    expect(answer.outcome).toBe(StoreOutcome.STORED);
    expect(received[0]?.event).toMatchObject({ projectId: '12', message: 'boom', level: Level.UNSPECIFIED, tags: {} });
  });

  it('rejects with the status code, the message and the richer error model’s details', async () => {
    handlers['storeEvent'] = (_call, done) =>
      done(
        failure(
          status.INVALID_ARGUMENT,
          'event.event_id: not a UUID',
          statusDetailsTrailer(status.INVALID_ARGUMENT, 'event.event_id: not a UUID', {
            fieldViolations: [{ field: 'event.event_id', description: 'not a UUID: "x"' }],
            errorInfo: { reason: 'INVALID_EVENT_ID', domain: 'ingest.vigil', metadata: { field: 'event.event_id' } },
            retryDelayMs: 1500,
          }),
        ),
      );
    const ingest = createIngestClient(address());
    const error = await rejection(ingest.storeEvent({ event: { eventId: 'x', projectId: '12' } }));
    ingest.close();
    expect([error.code, error.codeName, error.details]).toEqual([
      status.INVALID_ARGUMENT,
      'INVALID_ARGUMENT',
      'event.event_id: not a UUID',
    ]);
    expect(error.method).toBe('/vigil.ingest.v1.IngestService/StoreEvent');
    expect(error.fieldViolations).toEqual([{ field: 'event.event_id', description: 'not a UUID: "x"' }]);
    expect(error.errorInfo).toEqual({
      reason: 'INVALID_EVENT_ID',
      domain: 'ingest.vigil',
      metadata: { field: 'event.event_id' },
    });
    expect(error.statusDetails?.retryDelayMs).toBe(1500);
    expect(error.statusDetails?.status.details.map((d) => d.typeUrl)).toContain(
      'type.googleapis.com/example.v1.Unknown',
    );
    expect(error.retryable).toBe(false);
    expect(isVigilCallError(error)).toBe(true);
  });

  it('rejects without details when the server sends only a code and a message', async () => {
    handlers['getEvent'] = (_call, done) => done(failure(status.NOT_FOUND, 'no such event'));
    const ingest = createIngestClient(address());
    const error = await rejection(ingest.getEvent({ projectId: '1', eventId: 'ab'.repeat(16) }));
    ingest.close();
    expect([error.codeName, error.details, error.statusDetails, error.fieldViolations]).toEqual([
      'NOT_FOUND',
      'no such event',
      undefined,
      [],
    ]);
  });

  it('retries UNAVAILABLE for a read, and for StoreEvent, which is idempotent by event id', async () => {
    let attempts = 0;
    handlers['getEvent'] = (_call, done) =>
      ++attempts < 3
        ? done(failure(status.UNAVAILABLE, 'database down'))
        : done(null, GetEventResponse.fromPartial({}));
    const ingest = createIngestClient(address());
    await ingest.getEvent({ projectId: '1', eventId: 'ab'.repeat(16) });
    expect(attempts).toBe(3);
    let stores = 0;
    handlers['storeEvent'] = (_call, done) =>
      ++stores < 2
        ? done(failure(status.UNAVAILABLE, 'database down'))
        : done(null, StoreEventResponse.fromPartial({}));
    await ingest.storeEvent({ event: { eventId: 'ab'.repeat(16), projectId: '1' } });
    ingest.close();
    expect(stores).toBe(2);
  });

  it('gives up after the attempts allowed and rejects with UNAVAILABLE', async () => {
    let attempts = 0;
    handlers['listGroups'] = (_call, done) => {
      attempts++;
      done(failure(status.UNAVAILABLE, 'still down'));
    };
    const ingest = createIngestClient(address(), { maxAttempts: 3 });
    const error = await rejection(ingest.listGroups({ projectId: '1' }));
    ingest.close();
    expect([error.codeName, error.retryable, attempts]).toEqual(['UNAVAILABLE', true, 3]);
  });

  it('fails a call past its deadline with DEADLINE_EXCEEDED, and a cancelled one with CANCELLED', async () => {
    handlers['getGroup'] = () => undefined; // never answers
    const ingest = createIngestClient(address(), { deadlineMs: 100 });
    expect((await rejection(ingest.getGroup({ projectId: '1', groupId: 'g' }))).codeName).toBe('DEADLINE_EXCEEDED');
    const abort = new AbortController();
    const cancelled = rejection(
      ingest.getGroup({ projectId: '1', groupId: 'g' }, { deadlineMs: 60_000, signal: abort.signal }),
    );
    abort.abort();
    expect((await cancelled).codeName).toBe('CANCELLED');
    ingest.close();
  });

  it('sends the client’s and the call’s metadata', async () => {
    const seen: Record<string, unknown>[] = [];
    handlers['getGroup'] = (call, done) => {
      seen.push(call.metadata.getMap());
      done(null, GetGroupResponse.fromPartial({}));
    };
    const ingest = createIngestClient(address(), { metadata: { authorization: 'Bearer t' } });
    await ingest.getGroup({ projectId: '1', groupId: 'g' }, { metadata: { 'x-request-id': 'r1' } });
    ingest.close();
    expect(seen[0]).toMatchObject({ authorization: 'Bearer t', 'x-request-id': 'r1' });
  });

  it('spreads calls round_robin over every address the target resolves to', async () => {
    const servedBy: string[] = [];
    const answer =
      (name: string): Handler =>
      (_call, done) => {
        servedBy.push(name);
        done(null, {});
      };
    handlers['getGroup'] = answer('first');
    const second = await startServer({ getGroup: answer('second') });
    // `ipv4:` lists addresses directly; `dns:///name:port` gives the same list from DNS.
    const ingest = createIngestClient(`ipv4:127.0.0.1:${server.port},127.0.0.1:${second.port}`);
    for (let i = 0; i < 10; i++) await ingest.getGroup({ projectId: '1', groupId: 'g' });
    ingest.close();
    second.stop();
    expect(new Set(servedBy)).toEqual(new Set(['first', 'second']));
  });
});

describe('createIncidentsClient', () => {
  it('does not retry what would do it twice: CreateAlertRule gets one attempt', async () => {
    let attempts = 0;
    handlers['createAlertRule'] = (_call, done) => {
      attempts++;
      done(failure(status.UNAVAILABLE, 'database down'));
    };
    const incidents = createIncidentsClient(address());
    const error = await rejection(incidents.createAlertRule({ organizationId: '1', name: 'r', timeWindowMinutes: 5 }));
    incidents.close();
    expect([error.codeName, attempts]).toEqual(['UNAVAILABLE', 1]);
  });

  it('retries UpdateIncidentStatus, where a repeated change is a no-op', async () => {
    let attempts = 0;
    handlers['updateIncidentStatus'] = (_call, done) =>
      ++attempts < 2
        ? done(failure(status.UNAVAILABLE, 'database down'))
        : done(null, UpdateIncidentStatusResponse.fromPartial({ changed: false }));
    const incidents = createIncidentsClient(address());
    expect((await incidents.updateIncidentStatus({ incidentId: '1' })).changed).toBe(false);
    incidents.close();
    expect(attempts).toBe(2);
  });
});
