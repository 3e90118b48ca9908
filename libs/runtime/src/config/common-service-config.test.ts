import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { connectionAgeFromConfig } from '../grpc/connection-age-from-config.js';
import { commonServiceConfig } from './common-service-config.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const withMetrics = z.object(commonServiceConfig({ database: 'vigil_x', grpcPort: 50051, metricsPort: 9464 }));
const withoutMetrics = z.object(commonServiceConfig({ database: 'vigil_x', grpcPort: 50051 }));

const dir = mkdtempSync(join(tmpdir(), 'vigil-runtime-config-'));
const certFile = join(dir, 'server.crt');
writeFileSync(certFile, 'not checked here: only that it can be read');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(env: Record<string, string>): ConfigError['issues'] {
  try {
    loadConfig(withMetrics, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('commonServiceConfig: metrics', () => {
  it("serves metrics on the service's default port, on loopback, unless told otherwise", () => {
    expect(loadConfig(withMetrics, {})).toMatchObject({ METRICS_HOST: '127.0.0.1', METRICS_PORT: 9464 });
    expect(loadConfig(withMetrics, { METRICS_HOST: '0.0.0.0', METRICS_PORT: '9100' })).toMatchObject({
      METRICS_HOST: '0.0.0.0',
      METRICS_PORT: 9100,
    });
    expectTypeOf(loadConfig(withMetrics, {}).METRICS_PORT).toEqualTypeOf<number>();
  });

  it('without a default port, METRICS_PORT is optional and unset means no metrics server', () => {
    expect(loadConfig(withoutMetrics, {}).METRICS_PORT).toBeUndefined();
    expect(loadConfig(withoutMetrics, { METRICS_PORT: '9464' }).METRICS_PORT).toBe(9464);
    expectTypeOf(loadConfig(withoutMetrics, {}).METRICS_PORT).toEqualTypeOf<number | undefined>();
  });
});

describe('commonServiceConfig: connection age', () => {
  it('leaves connections unlimited by default and takes durations for age and grace', () => {
    expect(connectionAgeFromConfig(loadConfig(withMetrics, {}))).toEqual({
      maxConnectionAgeMs: undefined,
      maxConnectionAgeGraceMs: undefined,
    });
    const config = loadConfig(withMetrics, {
      GRPC_MAX_CONNECTION_AGE_MS: '5m',
      GRPC_MAX_CONNECTION_AGE_GRACE_MS: '30s',
    });
    expect(connectionAgeFromConfig(config)).toEqual({ maxConnectionAgeMs: 300_000, maxConnectionAgeGraceMs: 30_000 });
    expect(issuesOf({ GRPC_MAX_CONNECTION_AGE_MS: 'soon' }).map((issue) => issue.variable)).toEqual([
      'GRPC_MAX_CONNECTION_AGE_MS',
    ]);
  });
});

describe('commonServiceConfig: TLS and NATS credentials', () => {
  it('leaves every TLS and credential variable unset by default', () => {
    const config = loadConfig(withMetrics, {});
    for (const variable of ['GRPC_TLS_CERT_FILE', 'GRPC_CLIENT_TLS_CA_FILE', 'NATS_USER', 'NATS_CREDS_FILE'] as const) {
      expect(config[variable]).toBeUndefined();
    }
  });

  it('names a file variable and its path when the file cannot be read', () => {
    const missing = join(dir, 'missing.key');
    expect(issuesOf({ GRPC_TLS_CERT_FILE: certFile, GRPC_TLS_KEY_FILE: missing })).toEqual([
      { variable: 'GRPC_TLS_KEY_FILE', value: missing, expected: 'a readable file (ENOENT)' },
    ]);
    expect(issuesOf({ NATS_TLS_CA_FILE: dir })).toEqual([
      { variable: 'NATS_TLS_CA_FILE', value: dir, expected: 'a readable file (not a regular file)' },
    ]);
  });

  it('refuses a certificate without its key, and the reverse, naming both variables', () => {
    expect(issuesOf({ GRPC_TLS_CERT_FILE: certFile })).toEqual([
      {
        variable: 'GRPC_TLS_KEY_FILE',
        value: undefined,
        expected: 'to be set together with GRPC_TLS_CERT_FILE (set both or neither)',
      },
    ]);
    expect(issuesOf({ GRPC_CLIENT_TLS_KEY_FILE: certFile }).map((i) => [i.variable, i.expected])).toEqual([
      ['GRPC_CLIENT_TLS_CERT_FILE', 'to be set together with GRPC_CLIENT_TLS_KEY_FILE (set both or neither)'],
    ]);
  });

  it("refuses a client CA for the server (mutual TLS) without the server's own certificate", () => {
    expect(issuesOf({ GRPC_TLS_CA_FILE: certFile }).map((i) => i.variable)).toEqual(['GRPC_TLS_CERT_FILE']);
  });

  it('refuses a NATS user without a password and two ways to authenticate, without echoing secrets', () => {
    expect(issuesOf({ NATS_USER: 'vigil' }).map((i) => i.variable)).toEqual(['NATS_PASSWORD']);
    const error = new ConfigError(issuesOf({ NATS_USER: 'vigil', NATS_PASSWORD: 'pw', NATS_TOKEN: 't0ken' }));
    expect(error.message).toBe(
      'Invalid configuration: NATS_TOKEN="(set)" ' +
        '(expected to be unset: use only one of NATS_USER, NATS_TOKEN, NATS_CREDS_FILE (NATS_USER is set too))',
    );
  });

  it('reports cross-variable issues together with the ordinary ones', () => {
    expect(issuesOf({ GRPC_PORT: 'x', NATS_PASSWORD: 'pw' }).map((i) => i.variable)).toEqual([
      'GRPC_PORT',
      'NATS_USER',
    ]);
  });
});
