import { status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildGreeterDescriptorSet, Greeter } from '../../test/grpc-test-clients.js';
import { createTestCertificates, type TestCertificates } from '@vigil/testing';
import { ConfigError } from '../config/config-error.js';
import { callUnary } from '../grpc/call-unary.js';
import { startGrpcServer, type RunningGrpcServer } from '../grpc/start-grpc-server.js';
import { unaryHandler } from '../grpc/unary-handler.js';
import { clientCredentialsFromConfig } from './client-credentials-from-config.js';
import { serverCredentialsFromConfig } from './server-credentials-from-config.js';

const logger = pino({ level: 'silent' });

let certs: TestCertificates;
let descriptorSet: { path: string; remove: () => Promise<void> };
beforeAll(async () => {
  [certs, descriptorSet] = await Promise.all([createTestCertificates(), buildGreeterDescriptorSet()]);
});
afterAll(async () => {
  await certs.remove();
  await descriptorSet.remove();
});

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function startGreeter(mutual: boolean): Promise<number> {
  const credentials = serverCredentialsFromConfig({
    GRPC_TLS_CERT_FILE: certs.server.cert,
    GRPC_TLS_KEY_FILE: certs.server.key,
    GRPC_TLS_CA_FILE: mutual ? certs.ca.cert : undefined,
  });
  const server: RunningGrpcServer = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    descriptorSetPath: descriptorSet.path,
    logger,
    credentials,
    services: [
      {
        definition: Greeter.service,
        implementation: {
          sayHello: unaryHandler<{ name: string }, { greeting: string }>(logger, async ({ name }) => ({
            greeting: `hello, ${name}`,
          })),
        },
      },
    ],
  });
  cleanup.push(() => server.shutdown(1000));
  return server.port;
}

/** Says hello over `credentials` to localhost (the name in the server certificate): the greeting, or the refusal code. */
async function sayHello(port: number, credentials: ChannelCredentials): Promise<string | status> {
  const client = new Greeter(`localhost:${port}`, credentials);
  cleanup.push(() => client.close());
  return callUnary(client, 'sayHello', { name: 'Ada' }, { timeoutMs: 30_000 }).then(
    ({ greeting }) => greeting,
    (error: ServiceError) => error.code,
  );
}

const client = (config: Parameters<typeof clientCredentialsFromConfig>[0]) => clientCredentialsFromConfig(config);

describe('gRPC with TLS (server certificate only)', () => {
  it('answers a client that trusts its CA, and refuses plaintext and clients trusting another CA', async () => {
    const port = await startGreeter(false);
    expect(await sayHello(port, client({ GRPC_CLIENT_TLS_CA_FILE: certs.ca.cert }))).toBe('hello, Ada');
    expect(await sayHello(port, client({}))).toBe(status.UNAVAILABLE);
    expect(await sayHello(port, client({ GRPC_CLIENT_TLS_CA_FILE: certs.otherCa.cert }))).toBe(status.UNAVAILABLE);
  });
});

describe('gRPC with mutual TLS', () => {
  it('answers a client presenting a certificate signed by its CA', async () => {
    const port = await startGreeter(true);
    const greeting = await sayHello(
      port,
      client({
        GRPC_CLIENT_TLS_CA_FILE: certs.ca.cert,
        GRPC_CLIENT_TLS_CERT_FILE: certs.client.cert,
        GRPC_CLIENT_TLS_KEY_FILE: certs.client.key,
      }),
    );
    expect(greeting).toBe('hello, Ada');
  });

  it('refuses a client without a certificate, one signed by another CA, and plaintext', async () => {
    const port = await startGreeter(true);
    expect(await sayHello(port, client({ GRPC_CLIENT_TLS_CA_FILE: certs.ca.cert }))).toBe(status.UNAVAILABLE);
    expect(
      await sayHello(
        port,
        client({
          GRPC_CLIENT_TLS_CA_FILE: certs.ca.cert,
          GRPC_CLIENT_TLS_CERT_FILE: certs.otherClient.cert,
          GRPC_CLIENT_TLS_KEY_FILE: certs.otherClient.key,
        }),
      ),
    ).toBe(status.UNAVAILABLE);
    expect(await sayHello(port, client({}))).toBe(status.UNAVAILABLE);
  });
});

describe('TLS files that do not fit', () => {
  function configError(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('rejects a key that does not belong to the certificate, naming both variables', () => {
    const message = configError(() =>
      serverCredentialsFromConfig({
        GRPC_TLS_CERT_FILE: certs.server.cert,
        GRPC_TLS_KEY_FILE: certs.client.key,
      }),
    );
    expect(message).toBe(
      `Invalid configuration: GRPC_TLS_KEY_FILE="${certs.client.key}" ` +
        `(expected the private key of the certificate in GRPC_TLS_CERT_FILE (${certs.server.cert}))`,
    );
  });

  it('rejects a file that is not PEM where a certificate or key is expected', () => {
    const message = configError(() => clientCredentialsFromConfig({ GRPC_CLIENT_TLS_CA_FILE: certs.ca.key }));
    expect(message).toMatch(
      new RegExp(
        `^Invalid configuration: GRPC_CLIENT_TLS_CA_FILE="${certs.ca.key}" ` +
          '\\(expected a readable PEM certificate file \\(.+\\)\\)$',
      ),
    );
    const keyMessage = configError(() =>
      serverCredentialsFromConfig({
        GRPC_TLS_CERT_FILE: certs.server.cert,
        GRPC_TLS_KEY_FILE: certs.server.cert,
      }),
    );
    expect(keyMessage).toContain(`GRPC_TLS_KEY_FILE="${certs.server.cert}" (expected a readable PEM private key file`);
  });
});
