import type { handleUnaryCall } from '@grpc/grpc-js';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { guardDatabase, type HandlerMaker } from '@vigil/runtime';
import type { IngestStatistics } from '../snapshots/ingest-statistics.js';

/** Everything the service's handlers need; each side effect is a port tests can replace. */
export interface IncidentsServiceDeps {
  readonly orm: MikroORM;
  readonly ingest: IngestStatistics;
  /** The clock; each call reads it once. */
  readonly now: () => Date;
  /** Ids of status-change announcements (UUIDs). */
  readonly newEventId: () => string;
  /** Announcements go to `<subjectPrefix>.<incident_id>`. */
  readonly subjectPrefix: string;
  /** Called after a status change commits, to wake the outbox relay at once. */
  readonly onStatusChanged: () => void;
  /** Wraps a handler with the service's logging and metrics (`handlerMaker`). */
  readonly handle: HandlerMaker;
  /** Past this, a call fails with UNAVAILABLE rather than hang on the database. */
  readonly databaseTimeoutMs: number;
}

type Work<Request, Response> = (request: Request, em: EntityManager) => Promise<Response>;

/** A gRPC handler running `work` with its own EntityManager, database outages mapped to UNAVAILABLE. */
export function handlerFactory(deps: IncidentsServiceDeps) {
  return <Request, Response>(work: Work<Request, Response>): handleUnaryCall<Request, Response> =>
    deps.handle((request: Request) => guardDatabase(() => work(request, deps.orm.em.fork()), deps.databaseTimeoutMs));
}
