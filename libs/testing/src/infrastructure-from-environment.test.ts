import { describe, expect, it } from 'vitest';
import { infrastructureFromEnvironment } from './infrastructure-from-environment.js';

describe('infrastructureFromEnvironment', () => {
  it('uses this machine’s services when nothing is set', () => {
    expect(infrastructureFromEnvironment({})).toEqual({
      postgresAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      natsUrl: 'nats://127.0.0.1:4222',
      source: 'local-default',
    });
  });

  it('takes DATABASE_URL and NATS_URL when set', () => {
    expect(
      infrastructureFromEnvironment({ DATABASE_URL: 'postgres://ci@db:5432/ci', NATS_URL: 'nats://bus:4222' }),
    ).toEqual({ postgresAdminUrl: 'postgres://ci@db:5432/ci', natsUrl: 'nats://bus:4222', source: 'environment' });
  });

  it('fills in the default for the one that is unset, and still says the environment was used', () => {
    expect(infrastructureFromEnvironment({ NATS_URL: 'nats://bus:4222' })).toEqual({
      postgresAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      natsUrl: 'nats://bus:4222',
      source: 'environment',
    });
  });

  it('treats blank values as unset', () => {
    expect(infrastructureFromEnvironment({ DATABASE_URL: '  ', NATS_URL: '' }).source).toBe('local-default');
  });
});
