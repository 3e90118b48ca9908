import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonServiceConfig } from './common-service-config.js';
import { ConfigError } from './config-error.js';
import { envDurationMs, envEnum, envPort, envPositiveInt, envUrl, envUrlList } from './env-schemas.js';
import { loadConfig } from './load-config.js';

const ingestConfig = z.object({
  ...commonServiceConfig({ database: 'vigil_ingest', grpcPort: 50051 }),
  STATS_BUCKETS: envPositiveInt(),
});

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills every unset variable with its default for this machine', () => {
    expect(loadConfig(ingestConfig, { STATS_BUCKETS: '12' })).toEqual({
      GRPC_HOST: '127.0.0.1',
      GRPC_PORT: 50051,
      GRPC_MAX_MESSAGE_BYTES: 4 * 1024 * 1024,
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/vigil_ingest',
      DATABASE_POOL_SIZE: 10,
      DATABASE_STATEMENT_TIMEOUT_MS: 30_000,
      DATABASE_MIGRATIONS: 'apply',
      NATS_URL: 'nats://127.0.0.1:4222',
      SHUTDOWN_GRACE_MS: 10_000,
      METRICS_HOST: '127.0.0.1',
      STATS_BUCKETS: 12,
    });
  });

  it('parses given values and treats an empty variable as unset', () => {
    const config = loadConfig(ingestConfig, {
      GRPC_HOST: '0.0.0.0',
      GRPC_PORT: '0',
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgresql://app:secret@db:5432/ingest',
      NATS_URL: '',
      SHUTDOWN_GRACE_MS: '2m',
      STATS_BUCKETS: ' 7 ',
    });
    expect(config).toMatchObject({
      GRPC_HOST: '0.0.0.0',
      GRPC_PORT: 0,
      LOG_LEVEL: 'debug',
      DATABASE_URL: 'postgresql://app:secret@db:5432/ingest',
      NATS_URL: 'nats://127.0.0.1:4222',
      SHUTDOWN_GRACE_MS: 120_000,
      STATS_BUCKETS: 7,
    });
  });

  it('names the variable, its value and what is expected', () => {
    const error = configError(() => loadConfig(ingestConfig, { GRPC_PORT: 'eighty', STATS_BUCKETS: '1' }));
    expect(error.message).toBe('Invalid configuration: GRPC_PORT="eighty" (expected a port number 0-65535)');
    expect(error.issues).toEqual([{ variable: 'GRPC_PORT', value: 'eighty', expected: 'a port number 0-65535' }]);
  });

  it('reports every bad variable at once, and a required one left unset', () => {
    const error = configError(() =>
      loadConfig(ingestConfig, { LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://db/x', GRPC_PORT: '70000' }),
    );
    expect(error.issues.map((issue) => issue.variable)).toEqual([
      'GRPC_PORT',
      'LOG_LEVEL',
      'DATABASE_URL',
      'STATS_BUCKETS',
    ]);
    expect(error.message).toContain(
      'LOG_LEVEL="loud" (expected one of fatal, error, warn, info, debug, trace, silent)',
    );
    expect(error.message).toContain(
      'DATABASE_URL="mysql://db/x" (expected a URL starting with postgres:// or postgresql://, not mysql://)',
    );
    expect(error.message).toContain('STATS_BUCKETS=unset (expected a whole number >= 1)');
  });

  it('explains plain zod schemas too', () => {
    const error = configError(() => loadConfig(z.object({ REGION: z.string() }), {}));
    expect(error.message).toBe('Invalid configuration: REGION=unset (expected a value (string))');
  });
});

describe('environment variable schemas', () => {
  const parse = (schema: z.ZodType, raw: string | undefined) => schema.safeParse(raw);

  it.each([
    ['5000', 5000],
    ['500ms', 500],
    ['10s', 10_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
  ])('reads the duration %s as %d ms', (raw, ms) => {
    expect(parse(envDurationMs(), raw)).toMatchObject({ success: true, data: ms });
  });

  it.each(['-5', '1.5s', '10 sec', 's', '1d'])('rejects the duration %s', (raw) => {
    expect(parse(envDurationMs(1), raw).success).toBe(false);
  });

  it('accepts ports 0 to 65535 only', () => {
    expect(parse(envPort(), '65535')).toMatchObject({ success: true, data: 65535 });
    expect(parse(envPort(), '65536').success).toBe(false);
    expect(parse(envPort(), '-1').success).toBe(false);
  });

  it('rejects zero where a positive number is needed', () => {
    expect(parse(envPositiveInt(3), '0').success).toBe(false);
    expect(parse(envPositiveInt(3), undefined)).toMatchObject({ success: true, data: 3 });
  });

  it('reads a comma-separated list of URLs, each with an accepted scheme', () => {
    expect(parse(envUrlList(['nats']), 'nats://a:4222, nats://b:4222')).toMatchObject({
      success: true,
      data: 'nats://a:4222,nats://b:4222',
    });
    expect(parse(envUrlList(['nats']), 'nats://a:4222,b:4222').success).toBe(false);
    expect(parse(envUrlList(['nats']), 'nats://a:4222,').success).toBe(false);
  });

  it('checks the URL scheme and the enum words exactly', () => {
    expect(parse(envUrl(['nats']), 'nats://10.0.0.1:4222').success).toBe(true);
    expect(parse(envUrl(['nats']), '10.0.0.1:4222').success).toBe(false);
    expect(parse(envEnum(['a', 'b']), 'A').success).toBe(false);
  });
});
