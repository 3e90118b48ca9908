import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateNatsServer, type PrivateNatsServer } from './private-nats-server.js';

async function storedMessages(url: string, stream: string): Promise<number> {
  const connection = await connect({ servers: url, reconnect: false });
  try {
    const info = await (await jetstreamManager(connection)).streams.info(stream);
    return info.state.messages;
  } finally {
    await connection.close();
  }
}

function connectOnce(url: string): Promise<unknown> {
  return connect({ servers: url, reconnect: false, timeout: 15_000 }).then((connection) => connection.close());
}

describe('a private nats-server', () => {
  let server: PrivateNatsServer;

  beforeAll(async () => {
    server = await startPrivateNatsServer();
  });

  afterAll(async () => {
    await server?.dispose();
  });

  it('keeps a stream’s messages across stop and start on the same port', async () => {
    const connection = await connect({ servers: server.url, reconnect: false });
    await (await jetstreamManager(connection)).streams.add({ name: 'OUTBOX_PROOF', subjects: ['outbox-proof.>'] });
    const client = jetstream(connection);
    for (const incident of [1, 2, 3]) await client.publish(`outbox-proof.${incident}`, `incident ${incident}`);
    await connection.close();

    await server.stop();
    await expect(connectOnce(server.url)).rejects.toThrow();

    await server.start();
    expect(await storedMessages(server.url, 'OUTBOX_PROOF')).toBe(3);
  });

  it('can be killed outright and started again', async () => {
    await server.kill();
    await expect(connectOnce(server.url)).rejects.toThrow();

    await server.start();
    await expect(connectOnce(server.url)).resolves.toBeUndefined();
  });
});

describe('startPrivateNatsServer failures', () => {
  it('rejects with the reason when the binary cannot run', async () => {
    await expect(startPrivateNatsServer({ binary: '/nonexistent/nats-server' })).rejects.toThrow(
      /did not start[\s\S]*(ENOENT|No such file)/,
    );
  });

  it('rejects when the port is taken by another nats-server', async () => {
    const first = await startPrivateNatsServer();
    try {
      await expect(startPrivateNatsServer({ port: first.port })).rejects.toThrow(/did not start/);
    } finally {
      await first.dispose();
    }
  });
});
