// A stand-in IncidentsService for the scheduler's tests: real gRPC over a
// socket, only CreateIncidentSnapshot, idempotent like the real one (one
// snapshot per incident, created=false after that), and it counts.
import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import {
  IncidentSnapshot,
  IncidentsServiceService,
  type CreateIncidentSnapshotRequest,
  type CreateIncidentSnapshotResponse,
} from '@vigil/contracts/incidents';
import { FailedPreconditionError, NotFoundError, toServiceError, UnavailableError } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { pino } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';

const silent = pino({ level: 'silent' });

/** How the fake answers for one incident; `closed` unless told otherwise. */
type IncidentState = 'closed' | 'not_closed' | 'missing' | 'unavailable' | 'statistics_refused';

export interface FakeIncidents {
  readonly address: string;
  /** Incident ids in the order their calls arrived (every call, whatever its answer). */
  readonly calls: string[];
  /** Snapshots made (created=true answers) per incident: never more than 1 when the scheduler is right. */
  readonly snapshotsMade: Map<string, number>;
  setState(incidentId: string, state: IncidentState): void;
  /** Marks a snapshot as already existing, as if made earlier. */
  addExistingSnapshot(incidentId: string): void;
  /** Every call waits this long before answering (a slow incidents service). */
  delayMs: number;
  /** The most calls that were being answered at one moment. */
  readonly mostInFlight: number;
  stop(): Promise<void>;
  /** Starts again on the same port. */
  start(): Promise<void>;
}

export async function startFakeIncidents(options: { delayMs?: number } = {}): Promise<FakeIncidents> {
  const port = await freePort();
  const states = new Map<string, IncidentState>();
  const existing = new Set<string>();
  let server: Server | undefined;
  let inFlight = 0;
  let mostInFlight = 0;

  const fake: FakeIncidents = {
    address: `127.0.0.1:${port}`,
    calls: [],
    snapshotsMade: new Map(),
    delayMs: options.delayMs ?? 0,
    get mostInFlight() {
      return mostInFlight;
    },
    setState: (incidentId, state) => void states.set(incidentId, state),
    addExistingSnapshot: (incidentId) => void existing.add(incidentId),
    async start() {
      if (server) return;
      server = new Server();
      server.addService(IncidentsServiceService, { createIncidentSnapshot: handle });
      await new Promise<void>((resolve, reject) =>
        server?.bindAsync(fake.address, ServerCredentials.createInsecure(), (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    },
    async stop() {
      const stopping = server;
      server = undefined;
      stopping?.forceShutdown();
    },
  };

  async function answer(incidentId: string): Promise<CreateIncidentSnapshotResponse> {
    fake.calls.push(incidentId);
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      if (fake.delayMs > 0) await sleep(fake.delayMs);
      return respond(incidentId);
    } finally {
      inFlight -= 1;
    }
  }

  function respond(incidentId: string): CreateIncidentSnapshotResponse {
    const state = states.get(incidentId) ?? 'closed';
    // The real service's errors, with the reasons incidents sends (the scheduler decides by them).
    if (state === 'missing') {
      throw new NotFoundError(`incident ${incidentId} not found`, { reason: 'INCIDENT_NOT_FOUND' });
    }
    if (state === 'not_closed') {
      throw new FailedPreconditionError(`incident ${incidentId} is not CLOSED`, { reason: 'INCIDENT_NOT_CLOSED' });
    }
    if (state === 'statistics_refused') {
      throw new FailedPreconditionError('ingest refused the statistics request', { reason: 'STATISTICS_REFUSED' });
    }
    if (state === 'unavailable') throw new UnavailableError('ingest is unavailable', { reason: 'INGEST_UNAVAILABLE' });
    const created = !existing.has(incidentId);
    existing.add(incidentId);
    if (created) fake.snapshotsMade.set(incidentId, (fake.snapshotsMade.get(incidentId) ?? 0) + 1);
    return { snapshot: IncidentSnapshot.fromPartial({ incidentId }), created };
  }

  function handle(
    call: ServerUnaryCall<CreateIncidentSnapshotRequest, CreateIncidentSnapshotResponse>,
    callback: sendUnaryData<CreateIncidentSnapshotResponse>,
  ): void {
    answer(call.request.incidentId).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toServiceError(error, silent)),
    );
  }

  await fake.start();
  return fake;
}
