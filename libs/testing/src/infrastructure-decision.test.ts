import { describe, expect, it } from 'vitest';
import type { ContainerRuntimeState } from './container-runtime.js';
import { decideInfrastructure } from './infrastructure-decision.js';

const absent: ContainerRuntimeState = { kind: 'absent' };
const withAllImages: ContainerRuntimeState = { kind: 'answers', missingImages: [] };
const withoutImages: ContainerRuntimeState = {
  kind: 'answers',
  missingImages: ['testcontainers/ryuk:0.14.0', 'postgres:15-alpine'],
};

describe('decideInfrastructure', () => {
  it('services: the environment’s services, whatever the runtime could do', () => {
    expect(decideInfrastructure('services', undefined)).toEqual({ use: 'services', notice: undefined });
  });

  it('containers: containers when a runtime answers, even if it must pull', () => {
    expect(decideInfrastructure('containers', withAllImages)).toEqual({ use: 'containers' });
    expect(decideInfrastructure('containers', withoutImages)).toEqual({ use: 'containers' });
  });

  it('containers: a clear failure, never a fallback, when no runtime answers', () => {
    expect(decideInfrastructure('containers', absent)).toEqual({
      use: 'nothing',
      failure: 'VIGIL_TEST_INFRA=containers, but no container runtime answers',
    });
  });

  it('auto: containers only when every image is local', () => {
    expect(decideInfrastructure('auto', withAllImages)).toEqual({ use: 'containers' });
  });

  it('auto: quietly the services when no runtime answers', () => {
    expect(decideInfrastructure('auto', absent)).toEqual({ use: 'services', notice: undefined });
  });

  it('auto: the services, with one line naming the missing images, when the runtime lacks some', () => {
    const decision = decideInfrastructure('auto', withoutImages);
    expect(decision.use).toBe('services');
    const notice = decision.use === 'services' ? decision.notice : undefined;
    expect(notice).toContain('lacks testcontainers/ryuk:0.14.0, postgres:15-alpine locally');
    expect(notice).toContain('DATABASE_URL / NATS_URL');
    expect(notice).not.toContain('\n');
  });
});
