import { AckPolicy, DeliverPolicy, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureStream } from '@vigil/runtime';
import type { StatusStreamLimits } from '../domain/applied-version-horizon.js';

export interface StatusConsumerNames {
  readonly stream: string;
  /** Status events are published on `<prefix>.<incident_id>`. */
  readonly subjectPrefix: string;
  readonly durable: string;
  /** Unacknowledged messages are redelivered after this. */
  readonly ackWaitMs: number;
  /** Replicas of the stream if this creates it; an existing stream keeps its own. Default 1. */
  readonly streamReplicas?: number;
  /** max_age of the stream if this creates it; an existing stream keeps its own. Default: none. */
  readonly streamMaxAgeMs?: number;
}

const NANOS_PER_MS = 1_000_000;
// JetStream's "stream not found".
const STREAM_NOT_FOUND = 10059;

/**
 * Creates the status-event stream and this service's durable pull consumer,
 * or leaves them as they are. The incidents service ensures the same stream;
 * only its name and subjects are given here, so settings incidents chose
 * (retention, duplicate window, replicas) are not overwritten; the replicas
 * are given only when the stream does not exist yet (the scheduler started
 * first), so a cluster's stream is replicated from its creation; so is its
 * max_age, so it is bounded from the start. Returns the stream's limits as
 * they are (incidents' settings when it made or updated the stream).
 */
export async function ensureStatusConsumer(
  nc: NatsConnection,
  names: StatusConsumerNames,
): Promise<StatusStreamLimits> {
  const jsm = await jetstreamManager(nc);
  const subject = `${names.subjectPrefix}.>`;
  const exists = await jsm.streams.info(names.stream).then(
    () => true,
    (error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND) return false;
      throw error;
    },
  );
  const { config } = await ensureStream(jsm, {
    name: names.stream,
    subjects: [subject],
    ...(!exists && { num_replicas: names.streamReplicas ?? 1 }),
    ...(!exists && names.streamMaxAgeMs !== undefined && { max_age: names.streamMaxAgeMs * NANOS_PER_MS }),
  });
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
  return {
    maxAgeMs: Math.floor(config.max_age / NANOS_PER_MS),
    duplicateWindowMs: Math.floor((config.duplicate_window ?? 0) / NANOS_PER_MS),
  };
}
