import { AckPolicy, DeliverPolicy, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from '@vigil/runtime';

export interface StatusConsumerNames {
  readonly stream: string;
  /** Status events are published on `<prefix>.<incident_id>`. */
  readonly subjectPrefix: string;
  readonly durable: string;
  /** Unacknowledged messages are redelivered after this. */
  readonly ackWaitMs: number;
}

const NANOS_PER_MS = 1_000_000;

/**
 * Creates the status-event stream and this service's durable pull consumer,
 * or leaves them as they are. The incidents service ensures the same stream;
 * only its name and subjects are given here, so settings incidents chose
 * (retention, duplicate window) are not overwritten.
 */
export async function ensureStatusConsumer(nc: NatsConnection, names: StatusConsumerNames): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const subject = `${names.subjectPrefix}.>`;
  await ensureStream(jsm, { name: names.stream, subjects: [subject] });
  const settings = {
    filter_subject: subject,
    ack_wait: names.ackWaitMs * NANOS_PER_MS,
    // Redeliver until applied: the database being down must not lose an event.
    max_deliver: -1,
  };
  try {
    await jsm.consumers.add(names.stream, {
      durable_name: names.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...settings,
    });
  } catch (error) {
    // It exists with other settings (e.g. a changed NATS_ACK_WAIT_MS): bring it up to date.
    if (!(error instanceof JetStreamApiError)) throw error;
    await jsm.consumers.update(names.stream, names.durable, settings);
  }
}
