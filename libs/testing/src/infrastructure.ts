/** Where the integration tests' PostgreSQL and NATS came from. */
export type InfrastructureSource = 'testcontainers' | 'environment' | 'local-default';

/** The real services an integration test runs against. */
export interface TestInfrastructure {
  /** A PostgreSQL URL whose user may CREATE and DROP databases. */
  readonly postgresAdminUrl: string;
  /** A NATS server with JetStream enabled. */
  readonly natsUrl: string;
  readonly source: InfrastructureSource;
}

/** Infrastructure plus the way to release it (containers stop; outside services stay). */
export interface RunningInfrastructure {
  readonly infrastructure: TestInfrastructure;
  readonly stop: () => Promise<void>;
}
