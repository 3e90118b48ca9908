import type { ContainerImages } from './container-images.js';
import type { RunningInfrastructure } from './infrastructure.js';

const NATS_CLIENT_PORT = 4222;
// testcontainers' default wait is a quiet machine's: at load 20 on 2 cores the
// containers' first start (PostgreSQL's initdb) outlasted it here (2026-11-28).
const STARTUP_TIMEOUT_MS = 300_000;

/**
 * Starts PostgreSQL and NATS (JetStream) containers. Meant to run once per
 * test run, from the vitest globalSetup; testcontainers' reaper removes them
 * if the process dies before `stop()`.
 */
export async function startInfrastructureContainers(images: ContainerImages): Promise<RunningInfrastructure> {
  // Imported lazily: most runs here have no container runtime and never need them.
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { GenericContainer, Wait } = await import('testcontainers');
  const [postgres, nats] = await Promise.all([
    new PostgreSqlContainer(images.postgres).withStartupTimeout(STARTUP_TIMEOUT_MS).start(),
    // Not @testcontainers/nats: its NatsContainer always adds --user/--pass, and
    // the NATS client ignores credentials in a URL, so services given NATS_URL
    // could not connect. The same image and readiness check, without auth.
    new GenericContainer(images.nats)
      .withCommand(['-js'])
      .withExposedPorts(NATS_CLIENT_PORT)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .withStartupTimeout(STARTUP_TIMEOUT_MS)
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
