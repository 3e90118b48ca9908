/** The services `npm start` runs, in start order, with their defaults (see each app's config.ts). */
export interface ServiceLaunch {
  readonly name: ServiceName;
  /** The folder under apps/. */
  readonly app: string;
  /** Variables starting with it are this service's alone: `INGEST_DATABASE_URL` → ingest's `DATABASE_URL`. */
  readonly prefix: string;
  readonly grpcPort: number;
  readonly metricsPort: number;
  /** Its own database on the shared PostgreSQL server. */
  readonly database: string;
  /**
   * The variable through which it reaches the service started before it
   * (`INGEST_GRPC_ADDRESS` for incidents), set from that one's actual port.
   */
  readonly dials?: { readonly service: ServiceName; readonly variable: string };
}

export type ServiceName = 'ingest' | 'incidents' | 'snapshot-scheduler';

export const SERVICES: readonly ServiceLaunch[] = [
  { name: 'ingest', app: 'ingest', prefix: 'INGEST_', grpcPort: 50051, metricsPort: 9464, database: 'vigil_ingest' },
  {
    name: 'incidents',
    app: 'incidents',
    prefix: 'INCIDENTS_',
    grpcPort: 50052,
    metricsPort: 9465,
    database: 'vigil_incidents',
    dials: { service: 'ingest', variable: 'INGEST_GRPC_ADDRESS' },
  },
  {
    name: 'snapshot-scheduler',
    app: 'snapshot-scheduler',
    prefix: 'SCHEDULER_',
    grpcPort: 50053,
    metricsPort: 9466,
    database: 'vigil_scheduler',
    dials: { service: 'incidents', variable: 'INCIDENTS_GRPC_ADDRESS' },
  },
];
