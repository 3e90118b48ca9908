import { ConfigError, loadConfig } from '@vigil/runtime';
import { describe, expect, it } from 'vitest';
import { incidentsConfigSchema } from './config.js';

describe('incidentsConfigSchema: the status stream', () => {
  it('bounds the stream by age by default (7 days) and accepts durations with units', () => {
    expect(loadConfig(incidentsConfigSchema, {}).NATS_STREAM_MAX_AGE_MS).toBe(7 * 24 * 3_600_000);
    expect(loadConfig(incidentsConfigSchema, { NATS_STREAM_MAX_AGE_MS: '72h' }).NATS_STREAM_MAX_AGE_MS).toBe(
      3 * 24 * 3_600_000,
    );
  });

  it('refuses a max_age at which a message published again would still be inside the duplicate window', () => {
    const load = () =>
      loadConfig(incidentsConfigSchema, { NATS_STREAM_MAX_AGE_MS: '4m', NATS_DUPLICATE_WINDOW_MS: '2m' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow('NATS_STREAM_MAX_AGE_MS="4m" (expected more than twice NATS_DUPLICATE_WINDOW_MS (240000 ms))');
    const config = loadConfig(incidentsConfigSchema, { NATS_STREAM_MAX_AGE_MS: '5m', NATS_DUPLICATE_WINDOW_MS: '2m' });
    expect(config.NATS_STREAM_MAX_AGE_MS).toBe(300_000);
  });
});
