import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { freePort, startPrivateNatsServer, testNatsNames, type PrivateNatsServer } from '@vigil/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logCapture } from '../../test/log-capture.js';
import { createLogger } from '../logging/create-logger.js';
import { connectNats, type NatsHandle } from './connect-nats.js';
import { ensureStream } from './ensure-stream.js';

const RETRY_WAIT_MS = 100;
const EVENTUALLY = { timeout: 20_000, interval: 50 };

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function connectTo(port: number) {
  const { destination, lines } = logCapture();
  const logger = createLogger({ service: 'test', level: 'debug', destination });
  const nats = connectNats({
    servers: `nats://127.0.0.1:${port}`,
    name: 'runtime-test',
    logger,
    retryWaitMs: RETRY_WAIT_MS,
  });
  cleanup.push(() => nats.close());
  return { nats, lines };
}

async function privateServer(port: number): Promise<PrivateNatsServer> {
  const server = await startPrivateNatsServer({ port });
  cleanup.push(() => server.dispose());
  return server;
}

/** A JetStream publish that the server stored: proves the connection really works. */
async function publishOnce(nats: NatsHandle): Promise<number> {
  const nc = await nats.whenConnected();
  const names = testNatsNames('runtime');
  await ensureStream(await jetstreamManager(nc), { name: names.stream, subjects: [`${names.subjectPrefix}.>`] });
  return (await jetstream(nc).publish(`${names.subjectPrefix}.ping`, 'ping')).seq;
}

describe('connectNats', () => {
  it('keeps trying while NATS is down and connects once a server starts on the port', async () => {
    const port = await freePort();
    const { nats, lines } = connectTo(port);
    expect(nats.state()).toBe('connecting');
    expect(() => nats.connection()).toThrow('NATS is connecting');
    await vi.waitFor(
      () => expect(lines.filter((l) => l['msg'] === 'NATS unreachable, retrying').length).toBeGreaterThanOrEqual(2),
      EVENTUALLY,
    );
    expect(nats.state()).toBe('connecting');

    await privateServer(port);
    await nats.whenConnected();
    expect(nats.state()).toBe('connected');
    expect(await publishOnce(nats)).toBe(1);
  });

  it('reports reconnecting while the server is away and connected again when it is back', async () => {
    const port = await freePort();
    const server = await privateServer(port);
    const { nats, lines } = connectTo(port);
    await nats.whenConnected();

    await server.stop();
    await vi.waitFor(() => expect(nats.state()).toBe('reconnecting'), EVENTUALLY);
    await server.start();
    await vi.waitFor(() => expect(nats.state()).toBe('connected'), EVENTUALLY);
    expect(await publishOnce(nats)).toBe(1);
    expect(lines.filter((l) => l['component'] === 'nats' && l['to']).map((l) => l['to'])).toEqual([
      'connected',
      'reconnecting',
      'connected',
    ]);
  });

  it('stops retrying on close, even before it ever connected', async () => {
    const { nats } = connectTo(await freePort());
    const waiting = nats.whenConnected();
    await nats.close();
    expect(nats.state()).toBe('closed');
    await expect(waiting).rejects.toThrow('NATS connection is closed');
    await expect(nats.whenConnected()).rejects.toThrow('NATS connection is closed');
  });

  it('closes a live connection', async () => {
    const port = await freePort();
    await privateServer(port);
    const { nats } = connectTo(port);
    const nc = await nats.whenConnected();
    await nats.close();
    expect([nats.state(), nc.isClosed()]).toEqual(['closed', true]);
  });
});

describe('ensureStream', () => {
  it('creates a stream, accepts the same definition again, and applies a changed one', async () => {
    const port = await freePort();
    await privateServer(port);
    const { nats } = connectTo(port);
    const jsm = await jetstreamManager(await nats.whenConnected());
    const names = testNatsNames('ensure');
    const definition = { name: names.stream, subjects: [`${names.subjectPrefix}.a`], max_age: 0 };

    await ensureStream(jsm, definition);
    await ensureStream(jsm, definition);
    const widened = await ensureStream(jsm, { ...definition, subjects: [`${names.subjectPrefix}.>`] });
    expect(widened.config.subjects).toEqual([`${names.subjectPrefix}.>`]);
    expect((await jsm.streams.list().next()).map((s) => s.config.name)).toEqual([names.stream]);
  });
});
