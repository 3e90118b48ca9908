// The consumer's lag on /metrics, from a real JetStream durable consumer:
// events published and not yet fetched are pending; fetched and not yet
// acknowledged are ack-pending.
import { jetstream } from '@nats-io/jetstream';
import {
  connectNats,
  createServiceMetrics,
  startMetricsServer,
  type NatsHandle,
  type RunningMetricsServer,
} from '@vigil/runtime';
import { deleteTestStream, getTestInfrastructure, testNatsNames } from '@vigil/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ensureStatusConsumer } from './ensure-status-consumer.js';
import { registerConsumerLagMetrics } from './consumer-lag-metrics.js';
import { waitUntil } from '../../test/wait-until.js';

const logger = pino({ level: 'silent' });
const names = testNatsNames('consumer-lag');
let natsUrl: string;
let nats: NatsHandle;
let server: RunningMetricsServer;

beforeAll(async () => {
  natsUrl = (await getTestInfrastructure()).natsUrl;
  nats = connectNats({ servers: natsUrl, name: 'consumer-lag-test', logger });
  const metrics = createServiceMetrics();
  registerConsumerLagMetrics(metrics, nats, { stream: names.stream, durable: names.durable });
  server = await startMetricsServer({
    host: '127.0.0.1',
    port: 0,
    registry: metrics.registry,
    readiness: () => true,
    logger,
  });
});

afterAll(async () => {
  await server?.close();
  await nats?.close();
  if (natsUrl) await deleteTestStream(natsUrl, names.stream);
});

async function scrapeLag(): Promise<{ pending?: number; ackPending?: number }> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const labels = `{stream="${names.stream}",consumer="${names.durable}"}`;
  const value = (name: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };
  return {
    pending: value('vigil_scheduler_consumer_pending'),
    ackPending: value('vigil_scheduler_consumer_ack_pending'),
  };
}

test('pending and ack-pending follow what the durable consumer has delivered and acknowledged', async () => {
  const nc = await nats.whenConnected();
  // Before the consumer exists there is no number to give: the series are absent, not 0.
  expect(await scrapeLag()).toEqual({ pending: undefined, ackPending: undefined });

  await ensureStatusConsumer(nc, { ...names, ackWaitMs: 60_000 });
  const js = jetstream(nc);
  for (const incident of ['1', '2', '3']) await js.publish(`${names.subjectPrefix}.${incident}`, 'status event');
  expect(await scrapeLag()).toEqual({ pending: 3, ackPending: 0 });

  const consumer = await js.consumers.get(names.stream, names.durable);
  const fetched = [];
  for await (const message of await consumer.fetch({ max_messages: 2, expires: 5_000 })) {
    fetched.push(message);
    if (fetched.length === 2) break;
  }
  expect(await scrapeLag()).toEqual({ pending: 1, ackPending: 2 });

  for (const message of fetched) await message.ackAck();
  await waitUntil('the acks to count', async () => (await scrapeLag()).ackPending === 0);
  expect(await scrapeLag()).toEqual({ pending: 1, ackPending: 0 });
});
