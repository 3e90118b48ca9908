/** The three services, as `startVigil`'s `env` option and `logs()` name them. */
export type VigilServiceName = 'ingest' | 'incidents' | 'scheduler';

/** Where PostgreSQL and NATS come from. */
export type InfrastructureChoice =
  /** URLs given here, else DATABASE_URL / NATS_URL, else containers when a runtime answers, else the local defaults. */
  | 'auto'
  /** Start PostgreSQL and NATS containers (needs a container runtime and the `testcontainers` packages). */
  | 'containers'
  /** Only URLs: the options, else DATABASE_URL / NATS_URL, else 127.0.0.1's defaults. */
  | 'urls';

export interface StartVigilOptions {
  /** A PostgreSQL URL whose user may CREATE and DROP databases. */
  readonly postgresUrl?: string;
  /** NATS with JetStream. */
  readonly natsUrl?: string;
  /** Default `auto`. */
  readonly infrastructure?: InfrastructureChoice;
  /** Ingest's dedup policy. Default LAST_WRITE_WINS. */
  readonly dedupPolicy?: 'LAST_WRITE_WINS' | 'FIRST_WRITE_WINS';
  /**
   * Extra environment variables per service (see Vigil's README), e.g.
   * `{ scheduler: { PROCESS_INTERVAL_MS: '1s' } }`. The scheduler's timer is
   * off by default: `processDueSnapshots()` runs what is due when a test asks.
   */
  readonly env?: Partial<Record<VigilServiceName, Readonly<Record<string, string>>>>;
  /** The Node that runs the services (≥ 22.17). Default: the one running the tests. */
  readonly nodePath?: string;
  /** A folder with `ingest/`, `incidents/` and `snapshot-scheduler/` built bundles. Default: the ones shipped inside this package. */
  readonly servicesDir?: string;
  /** How long each service may take to start. Default 60 s. */
  readonly startTimeoutMs?: number;
  /** Deadline of the returned clients' calls. Default 10 s. */
  readonly deadlineMs?: number;
  /** The services' LOG_LEVEL (their logs are kept for `logs()`). Default `info`. */
  readonly logLevel?: string;
}
