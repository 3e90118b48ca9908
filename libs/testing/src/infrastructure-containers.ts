import type { RunningInfrastructure } from './infrastructure.js';

// Replaceable where no registry is reachable (images built locally, see npm run containers:check).
const POSTGRES_IMAGE = process.env['VIGIL_TEST_POSTGRES_IMAGE']?.trim() || 'postgres:15-alpine';
const NATS_IMAGE = process.env['VIGIL_TEST_NATS_IMAGE']?.trim() || 'nats:2.10-alpine';
const NATS_CLIENT_PORT = 4222;

/**
 * Starts PostgreSQL and NATS (JetStream) containers. Meant to run once per
 * test run, from the vitest globalSetup; testcontainers' reaper removes them
 * if the process dies before `stop()`.
 */
export async function startInfrastructureContainers(): Promise<RunningInfrastructure> {
  // Imported lazily: most runs here have no container runtime and never need them.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { GenericContainer, Wait } = await import('testcontainers');
  const [postgres, nats] = await Promise.all([
    new PostgreSqlContainer(POSTGRES_IMAGE).start(),
    // Not @testcontainers/nats: its NatsContainer always adds --user/--pass, and
    // the NATS client ignores credentials in a URL, so services given NATS_URL
    // could not connect. The same image and readiness check, without auth.
    new GenericContainer(NATS_IMAGE)
      .withCommand(['-js'])
      .withExposedPorts(NATS_CLIENT_PORT)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start(),
  ]);
  return {
    infrastructure: {
      postgresAdminUrl: postgres.getConnectionUri(),
      natsUrl: `nats://${nats.getHost()}:${nats.getMappedPort(NATS_CLIENT_PORT)}`,
      source: 'testcontainers',
    },
    stop: async () => {
      await Promise.all([postgres.stop(), nats.stop()]);
    },
  };
}
