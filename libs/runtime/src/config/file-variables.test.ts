import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonServiceConfig } from './common-service-config.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const schema = z.object(commonServiceConfig({ database: 'vigil_x', grpcPort: 50051, metricsPort: 9464 }));

const dir = mkdtempSync(join(tmpdir(), 'vigil-file-variables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('NAME_FILE: a variable read from a file', () => {
  it('reads the value from the file, without its trailing line break', () => {
    const url = secretFile('database-url', 'postgres://vigil:s3cret@db:5432/vigil_x\n');
    const token = secretFile('nats-token', 'tok\r\n');
    expect(loadConfig(schema, { DATABASE_URL_FILE: url, NATS_TOKEN_FILE: token })).toMatchObject({
      DATABASE_URL: 'postgres://vigil:s3cret@db:5432/vigil_x',
      NATS_TOKEN: 'tok',
    });
  });

  it('validates the content like the variable itself, without ever showing it', () => {
    const bad = secretFile('bad-url', 'mysql://vigil:s3cret@db/x');
    const error = configError({ DATABASE_URL_FILE: bad });
    expect(error.issues).toEqual([
      {
        variable: 'DATABASE_URL',
        value: '(read from DATABASE_URL_FILE)',
        expected: 'a URL starting with postgres:// or postgresql://, not mysql://',
      },
    ]);
    expect(error.message).not.toContain('s3cret');
  });

  it('takes part in the rules between variables: a password from a file needs its user', () => {
    const password = secretFile('nats-password', 'pw');
    expect(configError({ NATS_PASSWORD_FILE: password }).issues.map((issue) => issue.variable)).toEqual(['NATS_USER']);
    expect(loadConfig(schema, { NATS_USER: 'vigil', NATS_PASSWORD_FILE: password }).NATS_PASSWORD).toBe('pw');
  });

  it('refuses the variable and its file together, and a file it cannot read, naming the path', () => {
    const url = secretFile('other-url', 'postgres://db/x');
    expect(configError({ DATABASE_URL: 'postgres://db/y', DATABASE_URL_FILE: url }).issues).toEqual([
      { variable: 'DATABASE_URL_FILE', value: url, expected: 'to be unset: DATABASE_URL is set too (use one)' },
    ]);
    const missing = join(dir, 'missing');
    expect(configError({ NATS_TOKEN_FILE: missing }).issues).toEqual([
      { variable: 'NATS_TOKEN_FILE', value: missing, expected: 'a readable file (ENOENT)' },
    ]);
  });

  it('treats an empty NAME_FILE as unset, and gives path variables no _FILE form', () => {
    expect(loadConfig(schema, { DATABASE_URL_FILE: '' }).DATABASE_URL).toBe(
      'postgres://postgres@127.0.0.1:5432/vigil_x',
    );
    expect(loadConfig(schema, { GRPC_TLS_CERT_FILE_FILE: join(dir, 'missing') }).GRPC_TLS_CERT_FILE).toBeUndefined();
  });
});
