import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logCapture } from '../../test/log-capture.js';
import { startNatsServerWithOptions, type NatsServerWithOptions } from '../../test/nats-server-with-options.js';
import { createTestCertificates, type TestCertificates } from '@vigil/testing';
import { createLogger } from '../logging/create-logger.js';
import { connectNats } from './connect-nats.js';
import { natsAuthFromConfig } from './nats-auth-from-config.js';

const EVENTUALLY = { timeout: 20_000, interval: 50 };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function startServer(options: string[]): Promise<NatsServerWithOptions> {
  const server = await startNatsServerWithOptions(options);
  cleanup.push(() => server.stop());
  return server;
}

function connect(url: string, config: Parameters<typeof natsAuthFromConfig>[0]) {
  const { destination, lines } = logCapture();
  const logger = createLogger({ service: 'test', level: 'debug', destination });
  const nats = connectNats({
    servers: url,
    name: 'auth-test',
    logger,
    retryWaitMs: 50,
    auth: natsAuthFromConfig(config),
  });
  cleanup.push(() => nats.close());
  const retries = () => lines.filter((line) => String(line['msg']).endsWith(', retrying'));
  return { nats, retries };
}

describe('connectNats with credentials', () => {
  it('connects with the right user and password', async () => {
    const { port } = await startServer(['--user', 'u', '--pass', 'p']);
    const { nats } = connect(`nats://127.0.0.1:${port}`, { NATS_USER: 'u', NATS_PASSWORD: 'p' });
    const nc = await nats.whenConnected();
    expect(nats.state()).toBe('connected');
    expect(await nc.rtt()).toBeGreaterThanOrEqual(0);
  });

  it.each([
    ['a wrong password', { NATS_USER: 'u', NATS_PASSWORD: 'wrong' }],
    ['no credentials', {}],
  ])('with %s keeps retrying and never reaches connected', async (_, config) => {
    const { port } = await startServer(['--user', 'u', '--pass', 'p']);
    const { nats, retries } = connect(`nats://127.0.0.1:${port}`, config);
    await vi.waitFor(() => expect(retries().length).toBeGreaterThanOrEqual(3), EVENTUALLY);
    expect(nats.state()).toBe('connecting');
    expect(retries()[0]).toMatchObject({
      level: 'error',
      msg: 'NATS rejected the credentials, retrying',
      err: { message: 'Authorization Violation' },
    });
  });

  it('connects with a token', async () => {
    const { port } = await startServer(['--auth', 's3cret']);
    const { nats } = connect(`nats://127.0.0.1:${port}`, { NATS_TOKEN: 's3cret' });
    await nats.whenConnected();
    expect(nats.state()).toBe('connected');
  });
});

describe('connectNats over TLS', () => {
  let certs: TestCertificates;
  beforeAll(async () => {
    certs = await createTestCertificates();
  });
  afterAll(() => certs.remove());

  const tlsServer = () => startServer(['--tls', '--tlscert', certs.server.cert, '--tlskey', certs.server.key]);

  it('connects to a TLS server whose certificate NATS_TLS_CA_FILE signed', async () => {
    const { port } = await tlsServer();
    const { nats } = connect(`tls://localhost:${port}`, { NATS_TLS_CA_FILE: certs.ca.cert });
    await nats.whenConnected();
    expect(nats.state()).toBe('connected');
  });

  it('does not connect when NATS_TLS_CA_FILE names another CA', async () => {
    const { port } = await tlsServer();
    const { nats, retries } = connect(`tls://localhost:${port}`, { NATS_TLS_CA_FILE: certs.otherCa.cert });
    await vi.waitFor(() => expect(retries().length).toBeGreaterThanOrEqual(3), EVENTUALLY);
    expect(nats.state()).toBe('connecting');
  });
});
