import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { clientCredentialsFromConfig } from './client-credentials-from-config.js';
import { serverCredentialsFromConfig } from './server-credentials-from-config.js';

function issuesOf(run: () => unknown): ConfigError['issues'] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('credentials from config', () => {
  it('are plaintext when no TLS variable is set', () => {
    expect(serverCredentialsFromConfig({})._isSecure()).toBe(false);
    expect(clientCredentialsFromConfig({})._isSecure()).toBe(false);
  });

  it('refuse half a pair before reading any file', () => {
    expect(issuesOf(() => serverCredentialsFromConfig({ GRPC_TLS_KEY_FILE: '/nowhere/server.key' }))).toEqual([
      expect.objectContaining({ variable: 'GRPC_TLS_CERT_FILE' }),
    ]);
    expect(issuesOf(() => clientCredentialsFromConfig({ GRPC_CLIENT_TLS_CERT_FILE: '/nowhere/client.crt' }))).toEqual([
      expect.objectContaining({ variable: 'GRPC_CLIENT_TLS_KEY_FILE' }),
    ]);
  });

  it('name the variable and the path of a file that cannot be read', () => {
    expect(issuesOf(() => clientCredentialsFromConfig({ GRPC_CLIENT_TLS_CA_FILE: '/nowhere/ca.crt' }))).toEqual([
      {
        variable: 'GRPC_CLIENT_TLS_CA_FILE',
        value: '/nowhere/ca.crt',
        expected: 'a readable PEM certificate file (ENOENT)',
      },
    ]);
  });
});
