/** The services `npm start` runs, in start order, with their defaults (see each app's config.ts). */
export interface ServiceLaunch {
  readonly name: ServiceName;
  /** The folder under apps/. */
  readonly app: string;
  /** Variables starting with it are this service's alone: `INGEST_DATABASE_URL` → ingest's `DATABASE_URL`. */
  readonly prefix: string;
  /** Where it takes calls: gRPC for most, Sentry's HTTP API for the relay. */
  readonly api: ServedApi;
  readonly metricsPort: number;
  /** Its own database on the shared PostgreSQL server; the relay has none. */
  readonly database?: string;
  /**
   * The variable through which it reaches the service started before it
   * (`INGEST_GRPC_ADDRESS` for incidents), set from that one's actual port.
   */
  readonly dials?: { readonly service: ServiceName; readonly variable: string };
  /**
   * Variables `npm start` sets when neither `NAME`, `NAME_FILE` nor the
   * service's own `<PREFIX>NAME(_FILE)` is: what a local run needs and a
   * deployment must choose itself (the relay's project keys).
   */
  readonly localDefaults?: Readonly<Record<string, string>>;
}

/** The port a service takes calls on, the variables that place it, and the log line announcing it. */
interface ServedApi {
  readonly protocol: 'gRPC' | 'HTTP';
  readonly portVariable: 'GRPC_PORT' | 'HTTP_PORT';
  readonly hostVariable: 'GRPC_HOST' | 'HTTP_HOST';
  readonly defaultPort: number;
  /** The `msg` of the log line (with a `port`) saying it listens. */
  readonly listeningMessage: string;
}

export type ServiceName = 'ingest' | 'incidents' | 'snapshot-scheduler' | 'sentry-relay';

function grpcApi(defaultPort: number): ServedApi {
  const listeningMessage = 'gRPC server listening';
  return { protocol: 'gRPC', portVariable: 'GRPC_PORT', hostVariable: 'GRPC_HOST', defaultPort, listeningMessage };
}

/**
 * The project and key of the relay under `npm start` when no
 * SENTRY_PROJECT_KEYS is given: docker-compose.yml's, a well-known local key
 * (so printing it, in the DSN, gives nothing away).
 */
export const LOCAL_RELAY_PROJECT = { project: '1', key: 'vigil_local_demo_key_0001' } as const;

export const SERVICES: readonly ServiceLaunch[] = [
  {
    name: 'ingest',
    app: 'ingest',
    prefix: 'INGEST_',
    api: grpcApi(50051),
    metricsPort: 9464,
    database: 'vigil_ingest',
  },
  {
    name: 'incidents',
    app: 'incidents',
    prefix: 'INCIDENTS_',
    api: grpcApi(50052),
    metricsPort: 9465,
    database: 'vigil_incidents',
    dials: { service: 'ingest', variable: 'INGEST_GRPC_ADDRESS' },
  },
  {
    name: 'snapshot-scheduler',
    app: 'snapshot-scheduler',
    prefix: 'SCHEDULER_',
    api: grpcApi(50053),
    metricsPort: 9466,
    database: 'vigil_scheduler',
    dials: { service: 'incidents', variable: 'INCIDENTS_GRPC_ADDRESS' },
  },
  {
    name: 'sentry-relay',
    app: 'sentry-relay',
    prefix: 'RELAY_',
    api: {
      protocol: 'HTTP',
      portVariable: 'HTTP_PORT',
      hostVariable: 'HTTP_HOST',
      defaultPort: 9000,
      listeningMessage: 'sentry-relay HTTP server listening',
    },
    metricsPort: 9467,
    dials: { service: 'ingest', variable: 'INGEST_GRPC_ADDRESS' },
    localDefaults: { SENTRY_PROJECT_KEYS: `${LOCAL_RELAY_PROJECT.project}=${LOCAL_RELAY_PROJECT.key}` },
  },
];
