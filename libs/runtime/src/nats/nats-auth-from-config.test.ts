import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { natsAuthFromConfig } from './nats-auth-from-config.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-runtime-creds-'));
const credsFile = join(dir, 'ingest.creds');
writeFileSync(credsFile, 'read at each connection, parsed by the NATS client');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('natsAuthFromConfig', () => {
  it('is empty when nothing is set, so connectNats connects as before', () => {
    expect(natsAuthFromConfig({})).toEqual({});
  });

  it('passes a user with password, or a token, to the client', () => {
    expect(natsAuthFromConfig({ NATS_USER: 'vigil', NATS_PASSWORD: 'pw' })).toEqual({ user: 'vigil', pass: 'pw' });
    expect(natsAuthFromConfig({ NATS_TOKEN: 't0ken' })).toEqual({ token: 't0ken' });
  });

  it('authenticates with a .creds file through an authenticator that reads it at each connection', () => {
    expect(natsAuthFromConfig({ NATS_CREDS_FILE: credsFile })).toEqual({ authenticator: expect.any(Function) });
  });

  it('refuses a user without a password and two ways at once', () => {
    expect(() => natsAuthFromConfig({ NATS_USER: 'vigil' })).toThrow(ConfigError);
    expect(() => natsAuthFromConfig({ NATS_TOKEN: 't', NATS_CREDS_FILE: '/x.creds' })).toThrow(
      'NATS_CREDS_FILE="(set)" (expected to be unset: use only one of',
    );
  });

  it('names the file variable and its path when the file cannot be read', () => {
    expect(() => natsAuthFromConfig({ NATS_TLS_CA_FILE: '/nowhere/ca.crt' })).toThrow(
      'NATS_TLS_CA_FILE="/nowhere/ca.crt" (expected a readable PEM certificate file (ENOENT))',
    );
    expect(() => natsAuthFromConfig({ NATS_CREDS_FILE: '/nowhere/x.creds' })).toThrow(
      'NATS_CREDS_FILE="/nowhere/x.creds" (expected a readable NATS credentials (.creds) file (ENOENT))',
    );
  });
});
