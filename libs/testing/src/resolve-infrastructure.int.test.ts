import { describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import type { RunningInfrastructure } from './infrastructure.js';
import { resolveInfrastructure } from './resolve-infrastructure.js';
import setup from './global-setup.js';
import { getTestInfrastructure } from './get-test-infrastructure.js';

const noContainers = {
  choice: 'services',
  startContainers: (): Promise<RunningInfrastructure> => Promise.reject(new Error('no container runtime')),
} as const;

describe('resolveInfrastructure without a container runtime', () => {
  it('fails, never skips, naming both services and how to provide them, when neither answers', async () => {
    const [postgresPort, natsPort] = [await freePort(), await freePort()];
    const resolving = resolveInfrastructure({
      ...noContainers,
      env: {
        DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${postgresPort}/postgres`,
        NATS_URL: `nats://127.0.0.1:${natsPort}`,
      },
    });
    const error = await resolving.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(
      `PostgreSQL at postgres://postgres:***@127.0.0.1:${postgresPort}/postgres: SELECT 1 failed:`,
    );
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).toContain(
      `NATS JetStream at nats://127.0.0.1:${natsPort}: connect and JetStream account info failed`,
    );
    expect(message).toContain('set DATABASE_URL');
    expect(message).toContain('pg_ctlcluster');
  });

  it('fails naming only NATS when PostgreSQL answers and NATS does not', async () => {
    const { postgresAdminUrl } = await getTestInfrastructure();
    const error = await resolveInfrastructure({
      ...noContainers,
      env: { DATABASE_URL: postgresAdminUrl, NATS_URL: `nats://127.0.0.1:${await freePort()}` },
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect((error as Error).message).toContain('NATS JetStream at');
    expect((error as Error).message).not.toContain('PostgreSQL at');
  });

  it('resolves to the environment’s URLs when both answer', async () => {
    const { postgresAdminUrl, natsUrl } = await getTestInfrastructure();
    const running = await resolveInfrastructure({
      ...noContainers,
      env: { DATABASE_URL: postgresAdminUrl, NATS_URL: natsUrl },
    });
    expect(running.infrastructure).toEqual({ postgresAdminUrl, natsUrl, source: 'environment' });
  });
});

describe('the vitest globalSetup', () => {
  it('provides the resolved infrastructure to workers under one key', async () => {
    const provided: Array<[string, unknown]> = [];
    const teardown = await setup({ provide: (key, value) => provided.push([key, value]) });
    await teardown();

    expect(provided).toEqual([['vigilTestInfrastructure', await getTestInfrastructure()]]);
  });
});
