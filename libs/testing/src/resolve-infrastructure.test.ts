import { describe, expect, it } from 'vitest';
import type { ContainerImages } from './container-images.js';
import type { ContainerRuntimeState } from './container-runtime.js';
import type { RunningInfrastructure, TestInfrastructure } from './infrastructure.js';
import { resolveInfrastructure, type InfrastructureSources } from './resolve-infrastructure.js';

const CONTAINERS: TestInfrastructure = {
  postgresAdminUrl: 'postgres://test:test@127.0.0.1:32768/test',
  natsUrl: 'nats://127.0.0.1:32769',
  source: 'testcontainers',
};

/** Injected sources that record what resolution asked of them; no daemon, no services. */
function fakeSources(runtime: ContainerRuntimeState, env: NodeJS.ProcessEnv = {}) {
  const calls = { inspected: [] as string[][], started: [] as ContainerImages[], notices: [] as string[] };
  const sources: InfrastructureSources = {
    env,
    inspectContainerRuntime: async (images) => {
      calls.inspected.push([...images]);
      return runtime;
    },
    startContainers: async (images): Promise<RunningInfrastructure> => {
      calls.started.push(images);
      return { infrastructure: CONTAINERS, stop: async () => undefined };
    },
    probe: async () => [],
    notice: (line) => calls.notices.push(line),
  };
  return { sources, calls };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => (reason as Error).message,
  );

describe('resolveInfrastructure', () => {
  it('auto with a runtime that has every image: starts containers from those images', async () => {
    const { sources, calls } = fakeSources({ kind: 'answers', missingImages: [] });
    const running = await resolveInfrastructure(sources);
    expect(running.infrastructure).toEqual(CONTAINERS);
    expect(calls.inspected).toEqual([['testcontainers/ryuk:0.14.0', 'postgres:15-alpine', 'nats:2.10-alpine']]);
    expect(calls.started).toHaveLength(1);
    expect(calls.notices).toEqual([]);
  });

  it('auto with a runtime that lacks images: one notice, no container start, the environment’s services', async () => {
    const env = { DATABASE_URL: 'postgres://ci@db:5432/ci', NATS_URL: 'nats://bus:4222' };
    const { sources, calls } = fakeSources({ kind: 'answers', missingImages: ['postgres:15-alpine'] }, env);
    const running = await resolveInfrastructure(sources);
    expect(running.infrastructure).toEqual({
      postgresAdminUrl: 'postgres://ci@db:5432/ci',
      natsUrl: 'nats://bus:4222',
      source: 'environment',
    });
    expect(calls.started).toEqual([]);
    expect(calls.notices).toHaveLength(1);
    expect(calls.notices[0]).toContain('lacks postgres:15-alpine locally');
  });

  it('auto without a runtime: the local services, silently', async () => {
    const { sources, calls } = fakeSources({ kind: 'absent' });
    const running = await resolveInfrastructure(sources);
    expect(running.infrastructure.source).toBe('local-default');
    expect(calls.notices).toEqual([]);
  });

  it('services: never asks the container runtime', async () => {
    const { sources, calls } = fakeSources({ kind: 'answers', missingImages: [] }, { VIGIL_TEST_INFRA: 'services' });
    const running = await resolveInfrastructure(sources);
    expect(running.infrastructure.source).toBe('local-default');
    expect(calls.inspected).toEqual([]);
    expect(calls.started).toEqual([]);
  });

  it('containers without a runtime: fails clearly', async () => {
    const { sources } = fakeSources({ kind: 'absent' }, { VIGIL_TEST_INFRA: 'containers' });
    expect(await failureOf(resolveInfrastructure(sources))).toBe(
      'VIGIL_TEST_INFRA=containers, but no container runtime answers',
    );
  });

  it('containers whose images cannot be pulled: fails naming the images and the ways out', async () => {
    const { sources } = fakeSources(
      { kind: 'answers', missingImages: ['nats:2.10-alpine'] },
      { VIGIL_TEST_INFRA: 'containers', TESTCONTAINERS_RYUK_DISABLED: 'true' },
    );
    const failing: InfrastructureSources = {
      ...sources,
      startContainers: () => Promise.reject(new Error('pull access denied for nats')),
    };
    const message = await failureOf(resolveInfrastructure(failing));
    expect(message).toContain('(postgres:15-alpine, nats:2.10-alpine) failed: pull access denied for nats');
    expect(message).toContain('VIGIL_TEST_INFRA=services');
  });

  it('an explicit choice (the testkit’s option) overrides VIGIL_TEST_INFRA', async () => {
    const { sources, calls } = fakeSources({ kind: 'answers', missingImages: [] }, { VIGIL_TEST_INFRA: 'containers' });
    await resolveInfrastructure({ ...sources, choice: 'services' });
    expect(calls.inspected).toEqual([]);
  });

  it('a mistyped VIGIL_TEST_INFRA fails before anything is asked', async () => {
    const { sources, calls } = fakeSources({ kind: 'absent' }, { VIGIL_TEST_INFRA: 'container' });
    expect(await failureOf(resolveInfrastructure(sources))).toContain('VIGIL_TEST_INFRA must be one of');
    expect(calls.inspected).toEqual([]);
  });

  it('stops started containers and fails with the probe’s findings when a service does not answer', async () => {
    const { sources } = fakeSources({ kind: 'answers', missingImages: [] });
    let stopped = false;
    const message = await failureOf(
      resolveInfrastructure({
        ...sources,
        startContainers: async () => ({
          infrastructure: CONTAINERS,
          stop: async () => {
            stopped = true;
          },
        }),
        probe: async (infrastructure) => [
          { service: 'NATS JetStream', url: infrastructure.natsUrl, reason: 'refused' },
        ],
      }),
    );
    expect(message).toContain('NATS JetStream at nats://127.0.0.1:32769: refused');
    expect(stopped).toBe(true);
  });
});
