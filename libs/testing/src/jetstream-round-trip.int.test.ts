import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTestStream } from './delete-test-stream.js';
import { getTestInfrastructure } from './get-test-infrastructure.js';
import { testNatsNames } from './nats-names.js';

describe('JetStream round trip on the harness’s names', () => {
  const names = testNatsNames('harness round trip');
  let natsUrl: string;
  let connection: NatsConnection;

  beforeAll(async () => {
    natsUrl = (await getTestInfrastructure()).natsUrl;
    connection = await connect({ servers: natsUrl });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('publishes once per msgID and a durable pull consumer fetches and acks the message', async () => {
    const manager = await jetstreamManager(connection);
    await manager.streams.add({ name: names.stream, subjects: [`${names.subjectPrefix}.>`] });
    const client = jetstream(connection);
    const subject = `${names.subjectPrefix}.incident-status-changed`;

    const first = await client.publish(subject, 'incident 7 closed', { msgID: 'incident-7-v2' });
    const again = await client.publish(subject, 'incident 7 closed', { msgID: 'incident-7-v2' });
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);

    await manager.consumers.add(names.stream, { durable_name: names.durable, ack_policy: AckPolicy.Explicit });
    const consumer = await client.consumers.get(names.stream, names.durable);
    const fetched: string[] = [];
    for await (const message of await consumer.fetch({ max_messages: 1, expires: 5_000 })) {
      fetched.push(`${message.subject}: ${message.string()}`);
      expect(await message.ackAck()).toBe(true);
    }
    expect(fetched).toEqual([`${subject}: incident 7 closed`]);

    const info = await consumer.info();
    expect(info.num_pending).toBe(0);
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBe(1);
  });

  it('deleteTestStream removes the stream, and deleting it again is harmless', async () => {
    await deleteTestStream(natsUrl, names.stream);
    await deleteTestStream(natsUrl, names.stream);
    const manager = await jetstreamManager(connection);
    await expect(manager.streams.info(names.stream)).rejects.toThrow(/stream not found/i);
  });
});
