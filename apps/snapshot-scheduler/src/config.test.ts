import { ConfigError, loadConfig } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { schedulerConfigSchema } from './config.js';

describe('schedulerConfigSchema', () => {
  it('has the documented defaults', () => {
    expect(loadConfig(schedulerConfigSchema, {})).toMatchObject({
      GRPC_PORT: 50053,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vigil_scheduler',
      INCIDENTS_GRPC_ADDRESS: '127.0.0.1:50052',
      INCIDENTS_CALL_DEADLINE_MS: 10_000,
      NATS_STREAM: 'VIGIL_INCIDENTS',
      NATS_STATUS_SUBJECT_PREFIX: 'vigil.incidents.status',
      NATS_DURABLE: 'snapshot-scheduler',
      PROCESS_INTERVAL_MS: 60_000,
      BATCH_SIZE: 50,
      CONCURRENCY: 8,
    });
  });

  it('accepts 0 as "no timer" and durations with units', () => {
    const config = loadConfig(schedulerConfigSchema, {
      PROCESS_INTERVAL_MS: '0',
      LEASE_MS: '10m',
      RETRY_BASE_MS: '5s',
    });
    expect(config).toMatchObject({ PROCESS_INTERVAL_MS: 0, LEASE_MS: 600_000, RETRY_BASE_MS: 5000 });
  });

  it('refuses a lease that a healthy batch could outlast', () => {
    // ceil(50 / 8) = 7 rounds of calls of up to 10 s each.
    const load = () => loadConfig(schedulerConfigSchema, { LEASE_MS: '70s' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'LEASE_MS="70s" (expected more than ceil(BATCH_SIZE / CONCURRENCY) x INCIDENTS_CALL_DEADLINE_MS = 70000 ms)',
    );
    expect(loadConfig(schedulerConfigSchema, { LEASE_MS: '71s' }).LEASE_MS).toBe(71_000);
  });

  it('names each bad variable', () => {
    const load = () =>
      loadConfig(schedulerConfigSchema, {
        INCIDENTS_GRPC_ADDRESS: 'incidents',
        NATS_STATUS_SUBJECT_PREFIX: 'vigil.*',
        INCIDENTS_CALL_DEADLINE_MS: '0',
      });
    expect(load).toThrow('INCIDENTS_GRPC_ADDRESS="incidents" (expected a host:port address such as 127.0.0.1:50052)');
    expect(load).toThrow('NATS_STATUS_SUBJECT_PREFIX="vigil.*"');
    expect(load).toThrow('INCIDENTS_CALL_DEADLINE_MS="0" (expected a duration above 0');
  });

  it('refuses a retry cap below the base', () => {
    expect(() => loadConfig(schedulerConfigSchema, { RETRY_BASE_MS: '2m', RETRY_MAX_MS: '1m' })).toThrow(
      'RETRY_MAX_MS="1m" (expected at least RETRY_BASE_MS (120000 ms))',
    );
  });
});
